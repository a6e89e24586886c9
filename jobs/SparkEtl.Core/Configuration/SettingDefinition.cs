using System.Text;

namespace SparkEtl.Core.Configuration;

/// <summary>One known setting: its dotted path, default, what it accepts and what it means.</summary>
/// <param name="Path">Dotted path as written in the configuration file, e.g. <c>window.watermarkDelay</c>.</param>
/// <param name="Default">The default as text, or null when the setting has none.</param>
/// <param name="Allowed">What the setting accepts, in words (used in error messages).</param>
/// <param name="Description">What the setting means.</param>
public sealed record SettingDefinition(string Path, string? Default, string Allowed, string Description)
{
    /// <summary>
    /// The environment variable that overrides the setting: <c>SPARKETL_</c> then the path in upper
    /// snake case, e.g. <c>window.watermarkDelay</c> → <c>SPARKETL_WINDOW_WATERMARK_DELAY</c>.
    /// </summary>
    public string EnvironmentVariable
    {
        get
        {
            var name = new StringBuilder("SPARKETL_");
            for (var i = 0; i < Path.Length; i++)
            {
                var c = Path[i];
                if (c == '.')
                {
                    name.Append('_');
                }
                else if (char.IsUpper(c) && i > 0 && Path[i - 1] != '.')
                {
                    name.Append('_').Append(c);
                }
                else
                {
                    name.Append(char.ToUpperInvariant(c));
                }
            }

            return name.ToString();
        }
    }
}
