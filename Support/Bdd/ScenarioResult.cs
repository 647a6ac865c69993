using System.Text;
using Pickle = Io.Cucumber.Messages.Types.Pickle;

namespace NetnsBdd.Support.Bdd;

/// <summary>The outcome of one scenario (pickle): status, first error, every step and hook result.</summary>
public sealed record ScenarioResult(
    Pickle Pickle,
    string TestName,
    ScenarioExecutionStatus Status,
    IReadOnlyList<Exception> Errors,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<HookResult> Hooks,
    TimeSpan Duration)
{
    /// <summary>The first error (what failed the scenario), or null.</summary>
    public Exception? Error => Errors.Count > 0 ? Errors[0] : null;

    public bool Succeeded => Status == ScenarioExecutionStatus.OK && Errors.Count == 0;

    /// <summary>A message fit for a test failure: what went wrong, then snippets for undefined steps.</summary>
    public string FailureMessage
    {
        get
        {
            if (Succeeded)
            {
                return string.Empty;
            }

            var text = new StringBuilder();
            text.Append(Error?.Message ?? Status.ToString());
            foreach (var later in Errors.Skip(1))
            {
                text.AppendLine().AppendLine().Append("Also: ").Append(later.Message);
            }

            var snippets = Steps.Where(s => s.Snippet is not null && !ReferenceEquals(s.Error, Error))
                .Select(s => s.Snippet!).Distinct().ToList();
            if (snippets.Count > 0)
            {
                text.AppendLine().AppendLine().AppendLine("Also undefined (use the following code to create them):");
                foreach (var snippet in snippets)
                {
                    text.AppendLine(snippet);
                }
            }

            return text.ToString().TrimEnd();
        }
    }
}
