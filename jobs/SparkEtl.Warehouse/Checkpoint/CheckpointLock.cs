using System.Globalization;

namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// Keeps a second run off a checkpoint while one is using it: an exclusive lock on
/// <c>&lt;checkpoint&gt;/lock</c>, held for the life of the run. The operating system drops the lock
/// when the process ends, however it ends, so a crash never leaves a checkpoint locked.
/// Who holds it is written to <c>lock.owner</c> (the locked file itself cannot be read by others).
/// </summary>
public sealed class CheckpointLock : IDisposable
{
    private readonly FileStream _file;

    private CheckpointLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Takes the lock of a local checkpoint folder, or throws naming the run that holds it.</summary>
    public static CheckpointLock Acquire(string checkpointFolder)
    {
        Directory.CreateDirectory(checkpointFolder);
        var path = Path.Combine(checkpointFolder, "lock");
        var owner = Path.Combine(checkpointFolder, "lock.owner");
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Unix: another process (or another open here) fails.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            var holder = TryReadHolder(owner);
            throw new CheckpointInUseException(checkpointFolder, $"its lock is held by {holder ?? "another run"} ({e.Message.TrimEnd('.')})");
        }

        try
        {
            File.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
                $"sparketl pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:O}\n"));
            return new CheckpointLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => _file.Dispose();

    private static string? TryReadHolder(string ownerPath)
    {
        try
        {
            return File.ReadAllText(ownerPath).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
