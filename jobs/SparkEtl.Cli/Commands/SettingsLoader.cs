using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// Builds a run's settings from the layers, last wins: defaults, <c>--conf FILE</c>, <c>SPARKETL_*</c>
/// environment variables, then the command line (<c>--source</c>, <c>--warehouse</c>, <c>--checkpoint</c>,
/// <c>--trigger</c>, <c>--set path=value</c>).
/// </summary>
internal static class SettingsLoader
{
    /// <summary>The options every command that reads settings accepts.</summary>
    public static readonly string[] Options = ["--conf", "--source", "--warehouse", "--checkpoint", "--trigger"];

    public static SettingsLayers Layers(CommandArguments arguments)
    {
        var layers = new SettingsLayers();
        var conf = arguments.Value("--conf");
        if (conf is not null)
        {
            if (!File.Exists(conf))
            {
                throw new ConfigurationException("--conf", conf, "the path of a readable JSON configuration file (see conf/)");
            }

            layers.AddJson(File.ReadAllText(conf), conf);
        }

        layers.AddEnvironment(EtlSettingsBinder.Definitions, Environment.GetEnvironmentVariable);
        foreach (var option in Options.Skip(1))
        {
            var value = arguments.Value(option);
            if (value is not null)
            {
                layers.Set(option[2..], value, option);
            }
        }

        foreach (var (path, value) in arguments.Sets)
        {
            layers.Set(path, value, $"--set {path}");
        }

        return layers;
    }

    public static EtlSettings Load(CommandArguments arguments) => EtlSettingsBinder.Bind(Layers(arguments));
}
