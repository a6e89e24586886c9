using SparkEtl.Core.Configuration;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl settings</c>: every setting with its effective value, where it came from, and its environment variable.</summary>
internal sealed class SettingsCommand : ICommand
{
    public string Summary => "List every setting with its value and where the value came from.";

    public string Usage => """
        Usage: sparketl settings [--conf FILE] [--set path=value]...

        Validates the settings as 'sparketl run' would, then lists each one: its effective value, where the
        value came from (default, the file, an environment variable, an option), its SPARKETL_* environment
        variable and what it accepts.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals)
    {
        var arguments = CommandArguments.Parse("settings", args, SettingsLoader.Options, []);
        if (arguments.Help)
        {
            await console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var layers = SettingsLoader.Layers(arguments);
        EtlSettingsBinder.Bind(layers);
        foreach (var setting in EtlSettingsBinder.Definitions)
        {
            var (value, origin) = layers.Get(setting.Path) ?? (setting.Default ?? "(none)", "default");
            await console.Out.WriteLineAsync($"{setting.Path,-28} {value,-24} {origin}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{"",-28} {setting.EnvironmentVariable}: {setting.Description} Accepts {setting.Allowed}.").ConfigureAwait(false);
        }

        return 0;
    }
}
