using System.Reflection;

namespace ConformanceKit.Gherkin.Execution;

/// <summary>Calls a step or hook method and awaits it when it returns a Task or ValueTask.</summary>
internal static class MethodInvoker
{
    public static async Task InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        var result = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, null);
        switch (result)
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Calls a method on its binding instance (from the scope) with the given arguments.</summary>
    public static Task InvokeAsync(MethodInfo method, ScenarioScope scope, object?[] arguments) =>
        InvokeAsync(method, method.IsStatic ? null : scope.Resolve(method.DeclaringType!), arguments);

    /// <summary>Calls a hook, resolving each of its parameters from the scope.</summary>
    public static Task InvokeHookAsync(MethodInfo method, ScenarioScope scope) =>
        InvokeAsync(method, scope, method.GetParameters().Select(p => scope.Resolve(p.ParameterType)).ToArray());
}
