namespace NetnsBdd.Support.Merge;

/// <summary>Input the merge cannot use (a folder that is not a run, runs of different scenarios, ...), named with the fix.</summary>
public sealed class FleetMergeException(string message) : Exception(message);
