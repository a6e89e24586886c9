namespace SparkEtl.Cli.Commands;

/// <summary>
/// A command's options: <c>--name value</c> or <c>--name=value</c> pairs, repeatable <c>--set path=value</c>,
/// and flags. Anything the command did not declare is refused.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Value)> _sets = [];
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    /// <summary>Values given with <c>--set path=value</c>, in order.</summary>
    public IReadOnlyList<(string Path, string Value)> Sets => _sets;

    public bool Help => _flags.Contains("--help");

    public string? Value(string option) => _values.GetValueOrDefault(option);

    public bool Flag(string flag) => _flags.Contains(flag);

    /// <param name="options">Options that take a value.</param>
    /// <param name="flags">Options that take none (<c>--help</c> is always allowed).</param>
    public static CommandArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var parsed = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            if (name is "--help" or "-h")
            {
                parsed._flags.Add("--help");
            }
            else if (flags.Contains(name))
            {
                parsed._flags.Add(name);
            }
            else if (name == "--set" || options.Contains(name))
            {
                string value;
                if (equals > 0 && name == arg[..equals])
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"Option {name} of 'sparketl {command}' needs a value.");
                }

                if (name == "--set")
                {
                    var split = value.IndexOf('=', StringComparison.Ordinal);
                    if (split <= 0)
                    {
                        throw new UsageException($"Option --set takes path=value (e.g. --set window.size=5m); got \"{value}\".");
                    }

                    parsed._sets.Add((value[..split], value[(split + 1)..]));
                }
                else
                {
                    parsed._values[name] = value;
                }
            }
            else
            {
                var known = string.Join(", ", options.Concat(flags).Append("--set").Append("--help"));
                throw new UsageException($"Unknown argument \"{arg}\" for 'sparketl {command}'; it takes {known}.");
            }
        }

        return parsed;
    }
}
