// Some tests set SPARKETL_* environment variables, which every run in the process reads.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
