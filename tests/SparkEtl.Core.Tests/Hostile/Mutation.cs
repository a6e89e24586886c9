namespace SparkEtl.Core.Tests.Hostile;

/// <summary>
/// One damage done to a payload, positioned by fractions of its length so the same mutation applies to any
/// payload. Deterministic: the same mutation of the same bytes gives the same bytes.
/// </summary>
/// <param name="Kind">What is done.</param>
/// <param name="At">Where, as a fraction of the length (0 to 1).</param>
/// <param name="Span">How much, as a fraction of the length (0 to 1): the part duplicated, or the number of bytes inserted (× 16).</param>
/// <param name="Value">The byte flipped in, poked or inserted.</param>
/// <param name="Other">For a splice, which seed the end comes from.</param>
public sealed record Mutation(MutationKind Kind, double At, double Span, byte Value, int Other)
{
    private static readonly byte[] Meaningful = [(byte)'{', (byte)'}', (byte)'[', (byte)'"', (byte)'\\', (byte)':', (byte)',', (byte)'\n', 0, 0xFF, 0x80, 0x1F, 0x8B, 0xF3];

    public byte[] Apply(byte[] input, IReadOnlyList<byte[]> seeds)
    {
        var at = (int)Math.Min(input.Length, Math.Floor(At * input.Length));
        switch (Kind)
        {
            case MutationKind.Flip when input.Length > 0:
            {
                var output = (byte[])input.Clone();
                output[Math.Min(at, input.Length - 1)] ^= Value == 0 ? (byte)1 : Value;
                return output;
            }

            case MutationKind.Truncate:
                return input[..at];
            case MutationKind.Insert:
            {
                var count = 1 + (int)(Span * 16);
                return [.. input.AsSpan(0, at), .. Enumerable.Range(0, count).Select(i => (byte)(Value + (i * 31))), .. input.AsSpan(at)];
            }

            case MutationKind.Splice:
            {
                var other = seeds[Other % seeds.Count];
                var from = (int)Math.Min(other.Length, Math.Floor(Span * other.Length));
                return [.. input.AsSpan(0, at), .. other.AsSpan(from)];
            }

            case MutationKind.Duplicate:
            {
                var length = (int)Math.Min(input.Length - at, Math.Floor(Span * input.Length));
                return [.. input.AsSpan(0, at + length), .. input.AsSpan(at)];
            }

            case MutationKind.Poke when input.Length > 0:
            {
                var output = (byte[])input.Clone();
                output[Math.Min(at, input.Length - 1)] = Meaningful[Value % Meaningful.Length];
                return output;
            }

            default:
                return input;
        }
    }

    public override string ToString() => $"{Kind} at {At:0.###} span {Span:0.###} value 0x{Value:x2} other {Other}";
}
