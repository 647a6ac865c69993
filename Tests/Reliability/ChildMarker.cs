namespace NetnsBdd.Tests.Reliability;

/// <summary>The lines <see cref="LabChild"/> prints as it moves through a scenario; the parent reads them.</summary>
internal static class ChildMarker
{
    /// <summary>Followed by the run id, printed before anything is built so a kill at any point knows what to judge.</summary>
    public const string RunId = "NBDD-CHILD run-id";

    public const string Setup = "NBDD-CHILD phase setup";

    /// <summary>Followed by the lab's scratch folder (the server's CA is in it), printed once the server is up.</summary>
    public const string Scratch = "NBDD-CHILD scratch";

    public const string Download = "NBDD-CHILD phase download";

    /// <summary>Followed by how many clients got the whole file.</summary>
    public const string Teardown = "NBDD-CHILD phase teardown";

    public const string Done = "NBDD-CHILD done";
}
