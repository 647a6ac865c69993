using System.Reflection;
using NetnsBdd.Support.ReqnrollNUnit;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.Tracing;
using Reqnroll.UnitTestProvider;

[assembly: RuntimePlugin(typeof(NUnitRuntimePlugin))]

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// What Reqnroll.NUnit's runtime plugin registers: NUnit as the unit-test provider (pending, inconclusive and ignore
/// become NUnit's own outcomes), step output to the NUnit run, attachments to the NUnit result.
/// <para>Reqnroll reads one <c>[assembly: RuntimePlugin]</c> per test assembly and this bridge takes it, so it also
/// initializes every other public <see cref="IRuntimePlugin"/> class of the test assembly (with Reqnroll.NUnit those
/// move into that attribute).</para>
/// </summary>
public sealed class NUnitRuntimePlugin : IRuntimePlugin
{
    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<NUnitRuntimeProvider, IUnitTestRuntimeProvider>("nunit");
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<NUnitTraceListener, ITraceListener>();
            e.ObjectContainer.RegisterTypeAs<NUnitAttachmentHandler, IReqnrollAttachmentHandler>();
        };
        unitTestProviderConfiguration.UseUnitTestProvider("nunit");

        var others = typeof(NUnitRuntimePlugin).Assembly.GetExportedTypes()
            .Where(t => t != typeof(NUnitRuntimePlugin) && t is { IsAbstract: false } && typeof(IRuntimePlugin).IsAssignableFrom(t));
        foreach (var type in others.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            ((IRuntimePlugin)Activator.CreateInstance(type)!).Initialize(runtimePluginEvents, runtimePluginParameters, unitTestProviderConfiguration);
        }
    }
}
