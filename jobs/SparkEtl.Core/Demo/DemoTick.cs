namespace SparkEtl.Core.Demo;

/// <summary>One simulated ticker record, before it is written as JSON.</summary>
public sealed record DemoTick(string Symbol, string Sector, double Change, double Price, long EventTimeMs);
