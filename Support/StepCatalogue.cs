using System.Text;
using NetnsBdd.Support.ReqnrollNUnit;
using Reqnroll.Bindings;
using Reqnroll.Bindings.Reflection;

namespace NetnsBdd.Support;

/// <summary>
/// The steps QA engineers can use, generated from Reqnroll's binding registry: pattern, parameters, and an example
/// taken from the shipped features (so every example is known to run). Kept in docs/steps.md and checked by a test.
/// </summary>
public static class StepCatalogue
{
    public static string Generate(IEnumerable<IStepDefinitionBinding> bindings, IReadOnlyList<FeatureFile> features)
    {
        var used = features.SelectMany(f => f.Scenarios).SelectMany(s => s.Steps).Select(s => s.Text).Distinct().ToList();
        var steps = bindings
            .GroupBy(b => (Method: ((RuntimeBindingMethod)b.Method).MethodInfo, b.SourceExpression))
            .Select(g => (g.Key.Method, g.Key.SourceExpression, Types: g.Select(b => b.StepDefinitionType).Distinct().ToList(), g.First().Regex))
            .ToList();
        var text = new StringBuilder();
        text.AppendLine("# Step catalogue");
        text.AppendLine();
        text.AppendLine("Generated from the step definitions by `Tests/Catalogue/StepCatalogueTests.cs`; do not edit by hand.");
        text.AppendLine("Regenerate with `NBDD_WRITE_CATALOGUE=1 dotnet test --filter FullyQualifiedName~StepCatalogue`.");
        text.AppendLine();
        text.AppendLine("Placeholders: `{int}` a whole number, `{double}` a number with an optional decimal point, `{word}` one word,");
        text.AppendLine("`{string}` text in double quotes, an enum name such as `{DownloadOutcome}` one of its values.");
        text.AppendLine("`(s)` is optional text; `\\/` is a plain `/`. `MB` means 2^20 bytes, `Mbit/s` 10^6 bits per second.");
        var enums = steps.SelectMany(s => s.Method.GetParameters()).Select(p => p.ParameterType)
            .Where(t => t.IsEnum).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var type in enums)
        {
            text.AppendLine($"`{{{type.Name}}}` is one of: {string.Join(", ", Enum.GetNames(type).Select(n => $"`{n}`"))}.");
        }

        foreach (var area in steps.GroupBy(s => s.Method.DeclaringType!.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine();
            text.AppendLine($"## {area.Key.Replace("StepDefinitions", "", StringComparison.Ordinal)}");
            text.AppendLine();
            text.AppendLine("| Step | Meaning | Parameters | Example |");
            text.AppendLine("| --- | --- | --- | --- |");
            foreach (var step in area.OrderBy(s => s.Method.MetadataToken))
            {
                var keyword = step.Types.Count == 1 ? step.Types[0].ToString() : "Given/When/Then";
                var parameters = step.Method.GetParameters().Select(p => $"{p.Name}: {p.ParameterType.Name}");
                var example = used.FirstOrDefault(s => step.Regex?.IsMatch(s) == true);
                var help = step.Method.GetCustomAttributes(typeof(StepHelpAttribute), false).Cast<StepHelpAttribute>().FirstOrDefault();
                text.AppendLine($"| `{keyword} {Cell(step.SourceExpression)}` | {Cell(help?.Text ?? "")} | {Cell(string.Join(", ", parameters))} | " +
                                $"{(example is null ? "(not used by a shipped feature)" : $"`{Cell(example)}`")} |");
            }
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
