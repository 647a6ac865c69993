using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class FaultStepDefinitions(LabDriver lab)
{
    [Given("the server resets every connection after {int} MB")]
    [StepHelp("The lab server sends that many MiB of each response, then resets the connection (TCP RST).")]
    public void GivenTheServerResetsAfter(int megabytes) =>
        lab.SetServerFaults(ServerFaults.AbortAfter(megabytes * 1024L * 1024, AbortMode.Reset));

    [Given("the download server is down")]
    [StepHelp("Stops the lab server: its ports close, clients meet a refused connection.")]
    public Task GivenTheServerIsDown() => lab.StopServerAsync();
}
