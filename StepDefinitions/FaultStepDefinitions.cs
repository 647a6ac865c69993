using NetnsBdd.Drivers;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support.Bdd;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class FaultStepDefinitions(LabDriver lab)
{
    [Given("the server resets every connection after {int} MB")]
    public void GivenTheServerResetsAfter(int megabytes) =>
        lab.SetServerFaults(ServerFaults.AbortAfter(megabytes * 1024L * 1024, AbortMode.Reset));

    [Given("the download server is down")]
    public Task GivenTheServerIsDown() => lab.StopServerAsync();
}
