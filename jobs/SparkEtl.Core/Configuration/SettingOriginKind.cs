namespace SparkEtl.Core.Configuration;

/// <summary>Which layer a setting's value came from.</summary>
public enum SettingOriginKind
{
    /// <summary>Nothing set it: the documented default.</summary>
    Default,

    /// <summary>An entry of a JSON configuration file (<c>--conf FILE</c>).</summary>
    File,

    /// <summary>A <c>SPARKETL_*</c> environment variable.</summary>
    EnvironmentVariable,

    /// <summary>A command-line option of its own, such as <c>--warehouse</c>.</summary>
    Option,

    /// <summary>A <c>--set path=value</c> option.</summary>
    Set,

    /// <summary>A value the program chose itself, such as the current time.</summary>
    Computed,
}
