using System.Text;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// The files a <c>file:</c> source names when it is a folder or a glob: every file under a folder (recursively), or the
/// files a glob matches (<c>*</c> and <c>?</c> within a name, <c>**</c> for any number of folders), read in the ordinal
/// order of their paths relative to the fixed part (the folder, or the glob's folders before its first wildcard). Names
/// that start with '.' or '_' anywhere in the path (hidden files, <c>_checkpoint</c>, <c>_SUCCESS</c>) and unfinished
/// writes (<c>*.partial</c>, <c>*.tmp</c>) are left out.
/// </summary>
public sealed class FileSet
{
    private readonly string[] _pattern;

    private FileSet(string root, string[] pattern)
    {
        Root = root;
        _pattern = pattern;
    }

    /// <summary>The folder the relative names are under.</summary>
    public string Root { get; }

    /// <summary>True when <paramref name="location"/> names a folder or a glob rather than one file.</summary>
    public static bool Names(string location) =>
        !string.IsNullOrEmpty(location) && (Directory.Exists(location) || location.AsSpan().IndexOfAny('*', '?') >= 0);

    /// <summary>The file set of a folder or a glob (see <see cref="Names"/>).</summary>
    public static FileSet Of(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (Directory.Exists(location))
        {
            return new FileSet(location, ["**"]);
        }

        var segments = location.Split('/');
        var fixedCount = Array.FindIndex(segments, s => s.AsSpan().IndexOfAny('*', '?') >= 0);
        var root = string.Join('/', segments[..fixedCount]);
        return new FileSet(root.Length == 0 ? (location.StartsWith('/') ? "/" : ".") : root, segments[fixedCount..]);
    }

    /// <summary>The files there now, as relative names with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            var name = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            var parts = name.Split('/');
            if (parts.Any(p => p.StartsWith('.') || p.StartsWith('_')) || name.EndsWith(".partial", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            if (Matches(parts, 0, 0))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The path of a relative name.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    public override string ToString() => new StringBuilder(Root).Append('/').AppendJoin('/', _pattern).ToString();

    private bool Matches(string[] parts, int part, int pattern)
    {
        if (pattern == _pattern.Length)
        {
            return part == parts.Length;
        }

        if (_pattern[pattern] == "**")
        {
            // Any number of folders (none included), then the rest of the pattern.
            for (var skip = part; skip <= parts.Length; skip++)
            {
                if (Matches(parts, skip, pattern + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return part < parts.Length && Wildcard(parts[part], _pattern[pattern]) && Matches(parts, part + 1, pattern + 1);
    }

    // '*' any run of characters, '?' one character, anything else itself.
    private static bool Wildcard(string text, string pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
