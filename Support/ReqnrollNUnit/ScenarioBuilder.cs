using System.Collections.Specialized;
using System.Globalization;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Reqnroll.Bindings;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// Turns a feature's pickles into <see cref="Scenario"/>s carrying what Reqnroll's generator would have written into
/// each test method: title, description, own and inherited tags, outline arguments, rule and the pickle index.
/// </summary>
internal static class ScenarioBuilder
{
    public static IReadOnlyList<Scenario> Build(Feature feature, IReadOnlyList<Pickle> pickles, string[] featureTags)
    {
        var steps = new Dictionary<string, Step>();
        var scenarios = new Dictionary<string, (Io.Cucumber.Messages.Types.Scenario Scenario, Rule? Rule)>();
        foreach (var child in feature.Children)
        {
            Index(child.Background, child.Scenario, null);
            foreach (var ruleChild in child.Rule?.Children ?? [])
            {
                Index(ruleChild.Background, ruleChild.Scenario, child.Rule);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        return pickles.Select((pickle, index) =>
        {
            var (scenario, rule) = scenarios[pickle.AstNodeIds[0]];
            var (examples, row) = pickle.AstNodeIds.Count > 1
                ? scenario.Examples.SelectMany(e => e.TableBody.Select(r => (e, r))).First(x => x.r.Id == pickle.AstNodeIds[1])
                : (null, null);
            var arguments = new OrderedDictionary();
            for (var i = 0; row is not null && i < row.Cells.Count; i++)
            {
                arguments[examples!.TableHeader!.Cells[i].Value] = row.Cells[i].Value;
            }

            var ruleTags = rule is null ? [] : FeatureFile.Tags(rule.Tags);
            var ownTags = FeatureFile.Tags(scenario.Tags.Concat(examples?.Tags ?? []));
            var inherited = TagHelper.CombineTags(featureTags, ruleTags) ?? [];
            var values = row?.Cells.Select(c => c.Value).ToList() ?? [];
            var name = Identifier.Of(scenario.Name) + string.Concat(values.Select(v => "_" + Identifier.Of(v).TrimStart('_')));
            var unique = name;
            for (var n = 2; !names.Add(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
            }

            var title = values.Count == 0 ? pickle.Name : $"{pickle.Name} [{string.Join(", ", arguments.Keys.Cast<string>().Select(k => $"{k}={arguments[k]}"))}]";
            var info = new ScenarioInfo(scenario.Name, scenario.Description, ownTags, arguments, inherited, index.ToString(CultureInfo.InvariantCulture));
            return new Scenario(unique, title, [.. inherited.Concat(ownTags).Distinct()], info,
                rule is null ? null : new RuleInfo(rule.Name, rule.Description, ruleTags),
                [.. pickle.Steps.Select(s => ToStep(s, steps[s.AstNodeIds[0]]))]);
        }).ToList();

        void Index(Background? background, Io.Cucumber.Messages.Types.Scenario? scenario, Rule? rule)
        {
            foreach (var step in (background?.Steps ?? []).Concat(scenario?.Steps ?? []))
            {
                steps[step.Id] = step;
            }

            if (scenario is not null)
            {
                scenarios[scenario.Id] = (scenario, rule);
            }
        }
    }

    private static ScenarioStep ToStep(PickleStep pickleStep, Step source)
    {
        var kind = source.KeywordType switch
        {
            StepKeywordType.CONTEXT => StepDefinitionKeyword.Given,
            StepKeywordType.ACTION => StepDefinitionKeyword.When,
            StepKeywordType.OUTCOME => StepDefinitionKeyword.Then,
            StepKeywordType.CONJUNCTION when source.Keyword.Trim() == "But" => StepDefinitionKeyword.But,
            _ => StepDefinitionKeyword.And,
        };
        var rows = pickleStep.Argument?.DataTable?.Rows.Select(r => (IReadOnlyList<string>)[.. r.Cells.Select(c => c.Value)]).ToList();
        return new ScenarioStep(kind, source.Keyword, pickleStep.Text, pickleStep.Argument?.DocString?.Content, rows);
    }
}
