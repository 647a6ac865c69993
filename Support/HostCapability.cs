using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Support;

/// <summary>
/// Turns "this machine cannot do that" (a kernel without netem, a host without a thermal sensor) into an
/// inconclusive scenario with the reason, never a silent pass and never a failure of the router under test.
/// </summary>
public static class HostCapability
{
    public static async Task RequireAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (KernelFeatureMissingException e)
        {
            Assert.Inconclusive($"Cannot be checked on this host: {e.Message}");
        }
    }

    public static T Require<T>(T? reading, string missing)
        where T : struct
    {
        if (reading is null)
        {
            Assert.Inconclusive($"Cannot be checked on this host: {missing}");
        }

        return reading!.Value;
    }
}
