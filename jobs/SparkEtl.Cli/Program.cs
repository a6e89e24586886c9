namespace SparkEtl.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: sparketl run --source file:PATH|demo --warehouse DIR [--conf FILE]");
        return args.Length == 0 ? 2 : 0;
    }
}
