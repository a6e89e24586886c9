namespace SparkEtl.Core.Transform;

/// <summary>The reported codes of <see cref="DropReason"/>.</summary>
public static class DropReasons
{
    private static readonly string[] Codes = ["control-message", "platform-log-line"];

    public static IReadOnlyList<DropReason> All { get; } = Enum.GetValues<DropReason>();

    public static string Code(this DropReason reason) => Codes[(int)reason];
}
