using System.Runtime.InteropServices;

namespace SparkEtl.Warehouse.Storage.Internal;

/// <summary>
/// Gives a finished file its name only when no file has that name, atomically against other writers: what a conditional
/// put needs. .NET's <see cref="File.Move(string, string, bool)"/> without overwrite checks that the name is free and then
/// renames, so two racing writers can both succeed and the second replaces the first. On Linux this links the file under
/// the new name (link(2) fails with EEXIST when the name is taken) and then removes the old name; elsewhere it uses
/// File.Move, which on Windows fails atomically when the name exists.
/// </summary>
internal static partial class NoReplaceRename
{
    private const int AlreadyExists = 17; // EEXIST on Linux

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>; false, leaving both as they were, when the destination exists.</summary>
    public static bool TryMove(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                File.Move(source, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination))
            {
                return false;
            }
        }

        if (Link(source, destination) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == AlreadyExists
                ? false
                : throw new IOException($"Could not link {source} as {destination} (errno {errno}).");
        }

        File.Delete(source);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
