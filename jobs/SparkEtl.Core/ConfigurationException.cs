using SparkEtl.Core.Configuration;

namespace SparkEtl.Core;

/// <summary>
/// A setting is missing or invalid. Raised before any work starts; the message names the setting as the user wrote it
/// (when its origin is known), the value found and what is allowed. The command line maps it to exit code 2.
/// </summary>
public sealed class ConfigurationException : SparkEtlException
{
    public ConfigurationException(string setting, string? value, string allowed)
        : this(setting, value, allowed, origin: null, innerException: null)
    {
    }

    /// <param name="origin">Where the value came from; the message then names the setting as written there.</param>
    public ConfigurationException(string setting, string? value, string allowed, SettingOrigin? origin, Exception? innerException = null)
        : base(Format(setting, value, allowed, origin), innerException: innerException)
    {
        Setting = setting;
        Value = value;
        Allowed = allowed;
        Origin = origin;
    }

    /// <summary>The setting's path (<c>window.size</c>) or, for settings that are not paths, its name (<c>--source</c>).</summary>
    public string Setting { get; }

    /// <summary>The value found, or null when the setting is missing.</summary>
    public string? Value { get; }

    /// <summary>What the setting accepts, in words.</summary>
    public string Allowed { get; }

    /// <summary>Where the value came from, when known.</summary>
    public SettingOrigin? Origin { get; }

    /// <summary>This error, named as the user wrote the setting in <paramref name="origin"/>.</summary>
    public ConfigurationException WithOrigin(SettingOrigin origin) => new(Setting, Value, Allowed, origin, InnerException);

    private static string Format(string setting, string? value, string allowed, SettingOrigin? origin)
    {
        var name = origin is null || origin.Kind is SettingOriginKind.Default or SettingOriginKind.Computed ? setting : origin.Written;
        var from = origin?.Kind == SettingOriginKind.Computed ? $" (from {origin.Description})" : "";
        return $"Invalid setting {name}: {(value is null ? "missing" : $"got \"{value}\"")}; {allowed}{from}.";
    }
}
