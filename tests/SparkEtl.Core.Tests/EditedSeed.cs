using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace SparkEtl.Core.Tests;

/// <summary>
/// A seed text with a few bytes replaced, inserted or removed, each new byte drawn from an alphabet of the bytes that
/// matter to the grammar under test: the inputs of the properties that compare a byte scan with a JSON reader.
/// </summary>
public sealed record EditedSeed(string Seed, byte[] Alphabet, (int Kind, int At, int Byte)[] Edits)
{
    /// <summary>Seeds with 0 to 3 edits, each at an offset from 0 to <paramref name="maxOffset"/> (wrapped to the text).</summary>
    public static Arbitrary<EditedSeed> Of(string[] seeds, byte[] alphabet, int maxOffset)
    {
        var edit =
            from kind in Gen.Choose(0, 2)
            from at in Gen.Choose(0, maxOffset)
            from b in Gen.Choose(0, 255)
            select (kind, at, b);
        return (
            from seed in Gen.Elements(seeds)
            from count in Gen.Choose(0, 3)
            from edits in Gen.ArrayOf(edit, count)
            select new EditedSeed(seed, alphabet, edits)).ToArbitrary();
    }

    public byte[] Bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Seed).ToList();
        foreach (var (kind, at, b) in Edits)
        {
            var i = at % (bytes.Count + 1);
            switch (kind)
            {
                case 0 when i < bytes.Count:
                    bytes[i] = Alphabet[b % Alphabet.Length];
                    break;
                case 1:
                    bytes.Insert(i, Alphabet[b % Alphabet.Length]);
                    break;
                case 2 when i < bytes.Count:
                    bytes.RemoveAt(i);
                    break;
            }
        }

        return [.. bytes];
    }

    public override string ToString() => Encoding.UTF8.GetString(Bytes());
}
