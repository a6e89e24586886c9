using SparkEtl.Core;

namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// Another run is writing the same checkpoint: its lock is held (a local checkpoint), or it created a batch's
/// <c>offsets</c> or <c>commits</c> entry first (a conditional put on S3 lost the race). Only one run may use a
/// checkpoint; the command line reports it with exit code 2, as a configuration problem.
/// </summary>
public sealed class CheckpointInUseException(string checkpoint, string detail)
    : SparkEtlException($"The checkpoint at {checkpoint} is in use by another run: {detail}. Only one run may use a checkpoint; stop the other run or give this one its own --checkpoint.")
{
    /// <summary>The checkpoint's location, as the user wrote it.</summary>
    public string Checkpoint { get; } = checkpoint;
}
