using System.CommandLine;
using SparkEtl.Core;

namespace SparkEtl.Cli.Commands;

/// <summary>Validation that belongs to an option's definition, worded as every invalid setting is.</summary>
internal static class OptionRules
{
    /// <summary>Refuses a value of <paramref name="option"/> that <paramref name="valid"/> does not accept, saying what is <paramref name="allowed"/>.</summary>
    public static Option<string> Accepting(this Option<string> option, Func<string, bool> valid, string allowed)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !valid(value))
            {
                result.AddError(new ConfigurationException(option.Name, value, allowed).Message);
            }
        });
        return option;
    }
}
