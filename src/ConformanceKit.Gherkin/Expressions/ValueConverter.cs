using System.Globalization;
using System.Reflection;

namespace ConformanceKit.Gherkin.Expressions;

/// <summary>
/// Converts matched step text to a step method's parameter type: string, enums (by name, ignoring case),
/// primitives and decimal (invariant culture), Nullable of those, and any type with a static Parse(string)
/// or Parse(string, IFormatProvider) method.
/// </summary>
internal static class ValueConverter
{
    public static bool CanConvert(Type target)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        return type == typeof(string) || type == typeof(object) || type.IsEnum
            || (type.IsPrimitive && typeof(IConvertible).IsAssignableFrom(type)) || type == typeof(decimal)
            || FindParse(type) is not null;
    }

    /// <exception cref="FormatException">The text is not a valid value of the type.</exception>
    public static object? Convert(string? text, Type target)
    {
        if (text is null)
        {
            return !target.IsValueType || Nullable.GetUnderlyingType(target) is not null
                ? null
                : throw new FormatException($"no value was matched for a {target.Name} parameter");
        }

        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (type == typeof(string) || type == typeof(object))
        {
            return text;
        }

        try
        {
            if (type.IsEnum)
            {
                var isName = text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_');
                if (isName && Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value!))
                {
                    return value;
                }

                throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(type))}");
            }

            if ((type.IsPrimitive && typeof(IConvertible).IsAssignableFrom(type)) || type == typeof(decimal))
            {
                return System.Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            }

            var parse = FindParse(type) ?? throw new FormatException($"there is no conversion from text to {type.Name}");
            var arguments = parse.GetParameters().Length == 1 ? new object?[] { text } : [text, CultureInfo.InvariantCulture];
            return parse.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            throw new FormatException($"'{text}' is not a valid {type.Name}: {e.Message.TrimEnd('.')}", e);
        }
    }

    private static MethodInfo? FindParse(Type type) =>
        type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)]) is { } one && one.ReturnType == type
            ? one
            : type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider)]) is { } two && two.ReturnType == type
                ? two
                : null;
}
