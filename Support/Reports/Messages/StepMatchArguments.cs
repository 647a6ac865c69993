using NetnsBdd.Support.Bdd;
using M = Io.Cucumber.Messages.Types;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// Where a step definition's arguments sit in a step's text, for the testStep's stepMatchArgumentsLists (formatters
/// highlight them). The layer's match keeps only the values, so the expression's regex is run again for positions.
/// </summary>
internal static class StepMatchArguments
{
    public static M.StepMatchArgumentsList Of(StepExpression expression, string stepText)
    {
        var arguments = new List<M.StepMatchArgument>();
        var match = expression.Regex.Match(stepText);
        if (match.Success)
        {
            for (var i = 0; i < expression.ParameterCount; i++)
            {
                // Cucumber expressions compile to named groups p0, p1...; regular expressions use their own groups.
                var group = expression.IsRegularExpression ? match.Groups[i + 1] : match.Groups["p" + i];
                if (group.Success)
                {
                    arguments.Add(new M.StepMatchArgument(new M.Group([], group.Index, group.Value), null));
                }
            }
        }

        return new M.StepMatchArgumentsList(arguments);
    }
}
