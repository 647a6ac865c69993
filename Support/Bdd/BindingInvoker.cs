using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>Calls binding methods: resolves instances and injected parameters, converts step arguments, awaits tasks.</summary>
internal static class BindingInvoker
{
    public static async Task<HookResult> InvokeHookAsync(HookBinding hook, ObjectContainer container, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var target = hook.Method.IsStatic ? null : container.Resolve(hook.Method.DeclaringType!);
            var arguments = hook.Method.GetParameters()
                .Select(p => p.ParameterType == typeof(CancellationToken) ? cancellationToken : container.Resolve(p.ParameterType))
                .ToArray();
            await InvokeAsync(hook.Method, target, arguments).ConfigureAwait(false);
            return new HookResult(hook, watch.Elapsed, null);
        }
        catch (Exception e)
        {
            return new HookResult(hook, watch.Elapsed, new HookException(hook, e));
        }
    }

    /// <summary>Converts the captured texts and the step argument into the method's parameters.</summary>
    /// <exception cref="BindingException">A value does not convert; the message names the step and the parameter.</exception>
    public static object?[] BuildStepArguments(
        StepMatch match, string stepText, object? stepArgument, CancellationToken cancellationToken)
    {
        var parameters = match.Binding.Method.GetParameters();
        var values = new object?[parameters.Length];
        var captured = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                values[i] = cancellationToken;
            }
            else if (captured < match.Arguments.Count)
            {
                var text = match.Arguments[captured++];
                try
                {
                    values[i] = StepArgumentConverter.Convert(text, parameter.ParameterType);
                }
                catch (FormatException e)
                {
                    throw new BindingException(
                        $"Step '{stepText}': cannot convert \"{text}\" to parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of {match.Binding.MethodName}: {e.Message}.",
                        e);
                }
            }
            else
            {
                values[i] = stepArgument ?? throw new BindingException(
                    $"Step '{stepText}': {match.Binding.MethodName} expects a {(parameter.ParameterType == typeof(Table) ? "data table" : "doc string")} for parameter '{parameter.Name}' but the step has none. Add it under the step in the feature file.");
                if (!parameter.ParameterType.IsInstanceOfType(stepArgument))
                {
                    throw new BindingException(
                        $"Step '{stepText}': parameter '{parameter.Name}' of {match.Binding.MethodName} is a {parameter.ParameterType.Name} but the step has a {(stepArgument is Table ? "data table" : "doc string")}.");
                }
            }
        }

        return values;
    }

    public static async Task InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
        }
    }

    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
