namespace SparkEtl.Core.Configuration;

/// <summary>
/// Where a setting's value came from, and how the user wrote the setting there, so a message can name it as written:
/// <c>--warehouse</c> for the option, <c>window.size</c> for <c>--set window.size=…</c> or a configuration file entry
/// (with the file), <c>SPARKETL_WINDOW_SIZE</c> for the environment variable.
/// </summary>
/// <param name="Kind">The layer.</param>
/// <param name="Name">The setting as the user wrote it in that layer.</param>
/// <param name="File">The configuration file, for <see cref="SettingOriginKind.File"/>; else null.</param>
public sealed record SettingOrigin(SettingOriginKind Kind, string Name, string? File = null)
{
    /// <summary>The documented default of <paramref name="path"/>.</summary>
    public static SettingOrigin Default(string path) => new(SettingOriginKind.Default, path);

    /// <summary>The entry <paramref name="path"/> of the configuration file <paramref name="file"/>.</summary>
    public static SettingOrigin FromFile(string path, string file) => new(SettingOriginKind.File, path, file);

    /// <summary>The environment variable <paramref name="variable"/>.</summary>
    public static SettingOrigin FromEnvironment(string variable) => new(SettingOriginKind.EnvironmentVariable, variable);

    /// <summary>The command-line option <paramref name="option"/>, e.g. <c>--warehouse</c>.</summary>
    public static SettingOrigin FromOption(string option) => new(SettingOriginKind.Option, option);

    /// <summary><c>--set path=value</c>.</summary>
    public static SettingOrigin FromSet(string path) => new(SettingOriginKind.Set, path);

    /// <summary>A value the program chose (<paramref name="what"/>, e.g. "the current time") for <paramref name="path"/>.</summary>
    public static SettingOrigin Computed(string path, string what) => new(SettingOriginKind.Computed, path, what);

    /// <summary>Where the value came from, in words: <c>option --warehouse</c>, <c>conf/local.json</c>, <c>environment variable SPARKETL_SOURCE</c>.</summary>
    public string Description => Kind switch
    {
        SettingOriginKind.Default => "default",
        SettingOriginKind.File => File!,
        SettingOriginKind.EnvironmentVariable => $"environment variable {Name}",
        SettingOriginKind.Option => $"option {Name}",
        SettingOriginKind.Set => $"--set {Name}",
        _ => File ?? "computed",
    };

    /// <summary>The setting as a message names it: <c>--warehouse</c>, <c>SPARKETL_SOURCE</c>, <c>window.size in conf/local.json</c>.</summary>
    public string Written => Kind == SettingOriginKind.File ? $"{Name} in {File}" : Name;

    public override string ToString() => Description;
}
