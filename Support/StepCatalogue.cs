using System.Text;
using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support;

/// <summary>
/// The steps QA engineers can use, generated from the product's bindings: pattern, parameters, and an example taken
/// from the shipped features (so every example is known to run). Kept in docs/steps.md and checked by a test.
/// </summary>
public static class StepCatalogue
{
    public static string Generate(BindingRegistry bindings, IReadOnlyList<FeatureDocument> features)
    {
        var used = features.SelectMany(f => f.Pickles).SelectMany(p => p.Steps).Select(s => s.Text).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("# Step catalogue");
        text.AppendLine();
        text.AppendLine("Generated from the step definitions by `Tests/Catalogue/StepCatalogueTests.cs`; do not edit by hand.");
        text.AppendLine("Regenerate with `NBDD_WRITE_CATALOGUE=1 dotnet test --filter FullyQualifiedName~StepCatalogue`.");
        text.AppendLine();
        text.AppendLine("Placeholders: `{int}` a whole number, `{double}` a number with an optional decimal point, `{word}` one word,");
        text.AppendLine("`{string}` text in double quotes, an enum name such as `{DownloadOutcome}` one of its values.");
        text.AppendLine("`(s)` is optional text; `\\/` is a plain `/`. `MB` means 2^20 bytes, `Mbit/s` 10^6 bits per second.");
        var enums = bindings.StepBindings.SelectMany(b => b.Method.GetParameters()).Select(p => p.ParameterType)
            .Where(t => t.IsEnum).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var type in enums)
        {
            text.AppendLine($"`{{{type.Name}}}` is one of: {string.Join(", ", Enum.GetNames(type).Select(n => $"`{n}`"))}.");
        }

        foreach (var area in bindings.StepBindings.GroupBy(b => b.Method.DeclaringType!.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine();
            text.AppendLine($"## {area.Key.Replace("StepDefinitions", "", StringComparison.Ordinal)}");
            text.AppendLine();
            text.AppendLine("| Step | Meaning | Parameters | Example |");
            text.AppendLine("| --- | --- | --- | --- |");
            foreach (var binding in area.OrderBy(b => b.SourceLine))
            {
                var keyword = binding.Types.Count == 1 ? binding.Types[0].ToString() : "Given/When/Then";
                var parameters = binding.Method.GetParameters()
                    .Where(p => p.ParameterType != typeof(CancellationToken))
                    .Select(p => $"{p.Name}: {p.ParameterType.Name}");
                var example = used.FirstOrDefault(step => binding.Expression.Match(step) is not null);
                var help = binding.Method.GetCustomAttributes(typeof(StepHelpAttribute), false).Cast<StepHelpAttribute>().FirstOrDefault();
                text.AppendLine($"| `{keyword} {Cell(binding.Expression.Source)}` | {Cell(help?.Text ?? "")} | {Cell(string.Join(", ", parameters))} | " +
                                $"{(example is null ? "(not used by a shipped feature)" : $"`{Cell(example)}`")} |");
            }
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
