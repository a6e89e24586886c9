namespace SparkEtl.Core;

/// <summary>
/// A setting is missing or invalid. Raised before any work starts; the message names the setting,
/// the value found and what is allowed. The command line maps it to exit code 2.
/// </summary>
public sealed class ConfigurationException : SparkEtlException
{
    public ConfigurationException(string setting, string? value, string allowed)
        : base($"Invalid setting {setting}: {(value is null ? "missing" : $"got \"{value}\"")}; {allowed}.")
    {
        Setting = setting;
        Value = value;
        Allowed = allowed;
    }

    /// <summary>The setting's path as the user writes it, e.g. <c>window.size</c> or <c>--source</c>.</summary>
    public string Setting { get; }

    /// <summary>The value found, or null when the setting is missing.</summary>
    public string? Value { get; }

    /// <summary>What the setting accepts, in words.</summary>
    public string Allowed { get; }
}
