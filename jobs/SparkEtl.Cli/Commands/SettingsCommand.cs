using System.CommandLine;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl settings</c>: every setting with its effective value, where it came from, and its environment variable.</summary>
internal sealed class SettingsCommand : ICommand
{
    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new("source", "warehouse", "checkpoint", "trigger");

    public SettingsCommand(CliSession session)
    {
        _session = session;
        Definition = new Command("settings", """
            List every setting with its value and where the value came from. Validates the settings as 'sparketl run' would,
            then lists each one: its effective value, where the value came from (default, the file, an environment variable,
            an option), its SPARKETL_* environment variable and what it accepts.
            """);
        _settings.AddTo(Definition);
        Definition.SetAction(Execute);
    }

    public Command Definition { get; }

    private int Execute(ParseResult parse)
    {
        var layers = _settings.Layers(parse, _session);
        EtlSettingsBinder.Bind(layers);
        var output = _session.Console.Out;
        foreach (var setting in EtlSettingsBinder.Definitions)
        {
            var (value, origin) = layers.Get(setting.Path) ?? (setting.Default ?? "(none)", "default");
            output.WriteLine($"{setting.Path,-28} {value,-24} {origin}");
            output.WriteLine($"{"",-28} {setting.EnvironmentVariable}: {setting.Description} Accepts {setting.Allowed}.");
        }

        return 0;
    }
}
