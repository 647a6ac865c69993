using NetnsBdd.Drivers.Lab;
using System.Globalization;
using NetnsBdd.Support.Hooks;
using Reqnroll;
using Reqnroll.BoDi;
using Reqnroll.Bindings;
using Reqnroll.Bindings.Discovery;
using Reqnroll.Infrastructure;

namespace NetnsBdd.Tests.Catalogue;

/// <summary>
/// Reqnroll's own binding registry for the test assembly, built the way the runtime builds it (its container, its
/// discovery), without starting a test run: formatters off, and the run folder the plugins make goes to a temporary
/// folder that is deleted again.
/// </summary>
public static class ProductBindings
{
    private static readonly Lazy<IObjectContainer> Lazy = new(Build);

    /// <summary>The product's step definitions: every one outside NetnsBdd.Tests (whose bindings test the bridge).</summary>
    public static IReadOnlyList<IStepDefinitionBinding> Steps => Lazy.Value.Resolve<IBindingRegistry>().GetStepDefinitions()
        .Where(b => b.Method.Type.FullName?.StartsWith("NetnsBdd.Tests.", StringComparison.Ordinal) != true)
        .ToList();

    /// <summary>The step definition Reqnroll's matcher picks for a step outside any tag scope, or why none.</summary>
    public static (IStepDefinitionBinding? Binding, string Problem) Match(StepDefinitionType type, string text)
    {
        var context = new StepContext("Catalogue", "Match", [], CultureInfo.InvariantCulture);
        var step = new StepInstance(type, StepDefinitionKeyword.Given, type + " ", text, context);
        var match = Lazy.Value.Resolve<IStepDefinitionMatchService>().GetBestMatch(step, CultureInfo.InvariantCulture, out var reason, out var candidates);
        return match.Success ? (match.StepBinding, "") : (null, $"{reason} ({candidates.Count} candidates)");
    }

    private static IObjectContainer Build()
    {
        var output = Directory.CreateDirectory(Path.Combine(RunScratch.ForProcess.Path, $"catalogue-{Guid.NewGuid():N}")).FullName;
        var saved = (Environment.GetEnvironmentVariable("NBDD_Reports__OutputDirectory"), Environment.GetEnvironmentVariable("REQNROLL_FORMATTERS_DISABLED"), Environment.GetEnvironmentVariable(RunResultsPlugin.RunFolderVariable));
        Environment.SetEnvironmentVariable("NBDD_Reports__OutputDirectory", output);
        Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS_DISABLED", "true");
        try
        {
            var containers = new ContainerBuilder();
            var container = containers.CreateGlobalContainer(typeof(ProductBindings).Assembly);
            var builder = container.Resolve<IRuntimeBindingRegistryBuilder>();
            builder.BuildBindingsFromAssembly(typeof(ProductBindings).Assembly);
            builder.BuildingCompleted();
            return containers.CreateTestThreadContainer(container);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NBDD_Reports__OutputDirectory", saved.Item1);
            Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS_DISABLED", saved.Item2);
            Environment.SetEnvironmentVariable(RunResultsPlugin.RunFolderVariable, saved.Item3);
            Directory.Delete(output, recursive: true);
        }
    }
}
