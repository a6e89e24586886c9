using SparkEtl.Core.Transform;

namespace SparkEtl.Cli.Inspect;

/// <summary>One result of the transform, as Firehose's record contract names them: Ok (a trade), Dropped (a reason) or ProcessingFailed (an error row).</summary>
internal sealed record TransformResult(Trade? Trade, DropReason? Dropped, ErrorRecord? Error);
