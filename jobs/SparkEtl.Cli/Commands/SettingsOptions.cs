using System.CommandLine;
using SparkEtl.Cli.Logging;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// The options through which a command takes settings (<c>--conf</c>, <c>--set path=value</c>, and the shorthands
/// <c>--source</c>, <c>--warehouse</c>, <c>--checkpoint</c>, <c>--trigger</c> a command asks for), and the layers they
/// build, last wins: defaults, <c>--conf FILE</c>, <c>SPARKETL_*</c> environment variables, then the options. Each value
/// remembers how the user wrote it, so a message names <c>--warehouse</c>, <c>window.size</c> or <c>SPARKETL_SOURCE</c>.
/// </summary>
internal sealed class SettingsOptions
{
    private readonly List<(Option<string> Option, string Path)> _shorthands = [];

    /// <param name="shorthands">The setting paths that get an option of their own: <c>source</c> gives <c>--source</c>.</param>
    public SettingsOptions(params string[] shorthands)
    {
        Conf = new Option<string>("--conf")
        {
            Description = "A JSON configuration file (conf/local.json, ...); settings not in it keep their defaults.",
            HelpName = "FILE",
        };
        Set = new Option<string[]>("--set")
        {
            Description = "Any setting, e.g. --set window.size=5m ('sparketl settings' lists them); repeatable.",
            HelpName = "path=value",
            Arity = ArgumentArity.OneOrMore,
        };
        Set.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"Option --set takes path=value (e.g. --set window.size=5m); got \"{value}\".");
                }
            }
        });
        Set.CompletionSources.Add(context => EtlSettingsBinder.Definitions.Select(d => d.Path + "=")
            .Where(p => p.StartsWith(context.WordToComplete, StringComparison.Ordinal)));

        foreach (var path in shorthands)
        {
            var definition = EtlSettingsBinder.Definitions.Single(d => d.Path == path);
            var option = new Option<string>("--" + path)
            {
                Description = $"{definition.Description} Accepts {definition.Allowed}. The same as --set {path}=VALUE.",
                HelpName = path.ToUpperInvariant(),
            };
            switch (path)
            {
                case "source":
                    option.HelpName = "SOURCE";
                    option.CompletionSources.Add("demo", "file:", "kinesis:");
                    break;
                case "trigger":
                    option.CompletionSources.Add("available-now", "once", "interval:");
                    break;
                case "warehouse" or "checkpoint":
                    option.HelpName = "DIR";
                    break;
            }

            _shorthands.Add((option, path));
        }
    }

    public Option<string> Conf { get; }

    public Option<string[]> Set { get; }

    /// <summary>The option of one shorthand setting, e.g. <c>Shorthand("warehouse")</c> is <c>--warehouse</c>.</summary>
    public Option<string> Shorthand(string path) => _shorthands.Single(s => s.Path == path).Option;

    /// <summary>Adds every option to <paramref name="command"/>, the shorthands first.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (option, _) in _shorthands)
        {
            command.Options.Add(option);
        }

        command.Options.Add(Conf);
        command.Options.Add(Set);
    }

    /// <summary>
    /// Builds the layers from the parsed options and the environment, keeps them in the session (so later errors about a
    /// setting name it as written), and warns about <c>SPARKETL_*</c> variables that are no setting.
    /// </summary>
    public SettingsLayers Layers(ParseResult parse, CliSession session)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(session);
        var layers = new SettingsLayers();
        session.Layers = layers;
        if (parse.GetValue(Conf) is { } conf)
        {
            if (!File.Exists(conf))
            {
                throw new ConfigurationException("--conf", conf, "the path of a readable JSON configuration file (see conf/)");
            }

            layers.AddJson(File.ReadAllText(conf), conf);
        }

        layers.AddEnvironment(EtlSettingsBinder.Definitions, Environment.GetEnvironmentVariable);
        WarnAboutUnknownVariables(session);
        foreach (var (option, path) in _shorthands)
        {
            if (parse.GetValue(option) is { } value)
            {
                layers.Set(path, value, SettingOrigin.FromOption(option.Name));
            }
        }

        foreach (var set in parse.GetValue(Set) ?? [])
        {
            var split = set.IndexOf('=', StringComparison.Ordinal);
            var path = set[..split];
            layers.Set(path, set[(split + 1)..], SettingOrigin.FromSet(path));
        }

        return layers;
    }

    /// <summary>The settings, validated: everything that can be wrong with them is found here, before any work.</summary>
    public EtlSettings Load(ParseResult parse, CliSession session) => EtlSettingsBinder.Bind(Layers(parse, session));

    private static void WarnAboutUnknownVariables(CliSession session)
    {
        var names = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString()!);
        foreach (var (variable, closest) in SettingsEnvironment.FindUnknown(EtlSettingsBinder.Definitions, names))
        {
            if (closest is null)
            {
                CliLog.UnknownEnvironmentVariableNoMatch(session.Log, variable);
            }
            else
            {
                CliLog.UnknownEnvironmentVariable(session.Log, variable, closest);
            }
        }
    }
}
