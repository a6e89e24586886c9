using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark;

/// <summary>
/// Reads the job's settings as the <c>sparketl</c> command does: defaults, the <c>--conf</c> JSON file, <c>SPARKETL_*</c>
/// environment variables, then <c>--set path=value</c> options (later wins), validated by <see cref="EtlSettingsBinder"/>.
/// </summary>
internal static class JobSettings
{
    public static EtlSettings Load(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var layers = new SettingsLayers();
        var overrides = new List<(string Path, string Value)>();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ConfigurationException(args[i], null, "a value after the option");
            switch (args[i])
            {
                case "--conf":
                    var path = Resolve(value);
                    layers.AddJson(File.ReadAllText(path), path);
                    break;
                case "--set" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    var split = value.IndexOf('=', StringComparison.Ordinal);
                    overrides.Add((value[..split], value[(split + 1)..]));
                    break;
                default:
                    throw new ConfigurationException(args[i], value, "--conf FILE or --set path=value");
            }

            i++;
        }

        layers.AddEnvironment(EtlSettingsBinder.Definitions, environment);
        foreach (var (path, value) in overrides)
        {
            layers.Set(path, value, $"--set {path}");
        }

        return EtlSettingsBinder.Bind(layers);
    }

    // DotnetRunner starts the job in the driver's working folder and unzips the app archive into a subfolder,
    // so a relative --conf is looked for there too (the archive carries conf/emr.json).
    private static string Resolve(string path)
    {
        if (File.Exists(path) || Path.IsPathRooted(path))
        {
            return path;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) ? beside : throw new ConfigurationException("--conf", path, "an existing JSON settings file");
    }
}
