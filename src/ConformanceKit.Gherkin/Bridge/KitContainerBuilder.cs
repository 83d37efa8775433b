using Reqnroll.Analytics;
using Reqnroll.BoDi;
using Reqnroll.Configuration;
using Reqnroll.EnvironmentAccess;
using Reqnroll.Formatters.Configuration;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.Tracing;

namespace ConformanceKit.Gherkin.Bridge;

/// <summary>
/// Reqnroll's container builder with the bridge's settings: its runtime plugin (registered from code, as
/// Reqnroll allows), telemetry off (the kit calls no address but the cloud's), the dry-run switch of this run rather
/// than the process's REQNROLL_DRY_RUN, an explicit reqnroll.json if one is named, and the formatters' output files.
/// </summary>
internal sealed class KitContainerBuilder(RuntimeSetup setup) : ContainerBuilder
{
    protected override void RegisterDefaults(ObjectContainer container)
    {
        base.RegisterDefaults(container);
        container.RegisterInstanceAs<IRuntimePlugin>(new KitRuntimePlugin(setup), "ConformanceKit.Bridge");
        container.RegisterInstanceAs<IEnvironmentReqnrollTelemetryChecker>(new TelemetryOff());
        container.RegisterInstanceAs<ITraceListener>(QuietTrace.Instance);
        container.RegisterFactoryAs<IEnvironmentOptions>(c => new RunEnvironmentOptions(new EnvironmentOptions(c.Resolve<IEnvironmentWrapper>()), setup.DryRun));
        if (setup.ConfigurationFile is { } file)
            container.RegisterInstanceAs<IReqnrollJsonLocator>(new NamedJsonLocator(file));
        if (setup.Formatters is { } formatters)
            container.RegisterInstanceAs<IFormattersConfigurationProvider>(new FormatterFiles(formatters));
    }

    /// <summary>Reqnroll's step trace stays out of the console: the kit prints its own progress and keeps the steps in the results.</summary>
    internal sealed class QuietTrace : ITraceListener
    {
        public static readonly QuietTrace Instance = new();
        public void WriteTestOutput(string message) { }
        public void WriteToolOutput(string message) { }
    }

    private sealed class TelemetryOff : IEnvironmentReqnrollTelemetryChecker
    {
        public bool IsReqnrollTelemetryEnabled() => false;
    }

    private sealed class NamedJsonLocator(string path) : IReqnrollJsonLocator
    {
        public string GetReqnrollJsonFilePath() => path;
    }

    private sealed class RunEnvironmentOptions(IEnvironmentOptions process, bool dryRun) : IEnvironmentOptions
    {
        public bool IsDryRun => dryRun;
        public string? BindingsOutputFilepath => process.BindingsOutputFilepath;
        public bool IsRunningInContainer => process.IsRunningInContainer;
        public bool FormattersDisabled => process.FormattersDisabled;
        public string? FormattersJson => process.FormattersJson;
        public IDictionary<string, string> FormatterSettings => process.FormatterSettings;
    }

    /// <summary>The Cucumber Messages (ndjson) and HTML formatters, each writing the file it is given.</summary>
    private sealed class FormatterFiles(FormatterOutputs outputs) : IFormattersConfigurationProvider
    {
        public bool Enabled => outputs.MessagesFile is not null || outputs.HtmlFile is not null;

        public IDictionary<string, object>? GetFormatterConfigurationByName(string formatterName) => formatterName switch
        {
            "message" when outputs.MessagesFile is { } f => new Dictionary<string, object> { ["outputFilePath"] = f },
            "html" when outputs.HtmlFile is { } f => new Dictionary<string, object> { ["outputFilePath"] = f },
            _ => null,
        };

        public string ResolveTemplatePlaceholders(string template) => template;
    }
}

/// <summary>Where Reqnroll's formatters write: the Cucumber Messages stream (ndjson) and the Cucumber HTML report.</summary>
public sealed record FormatterOutputs(string? MessagesFile, string? HtmlFile);
