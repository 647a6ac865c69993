using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The step definitions, hooks and run listeners one run uses, built from an explicit set of types.
/// Discovery is explicit on purpose: the product run builds its registry from the assembly's <c>[Binding]</c> types
/// outside <c>NetnsBdd.Tests</c> (see <see cref="ForProduct"/>), while the layer's own unit tests hand their private
/// binding classes to <see cref="FromTypes"/>. So a test binding can never make a product step ambiguous.
/// Mistakes in bindings are collected in <see cref="Errors"/> instead of thrown, so test discovery still works and
/// every scenario reports them (as Reqnroll does).
/// </summary>
public sealed class BindingRegistry
{
    /// <summary>Namespaces whose bindings the product run ignores: the layer's own unit tests live there.</summary>
    public const string TestNamespacePrefix = "NetnsBdd.Tests";

    private readonly List<StepBinding> _steps = new();
    private readonly List<HookBinding> _hooks = new();
    private readonly List<Type> _listenerTypes = new();
    private readonly List<string> _errors = new();

    private BindingRegistry(IEnumerable<Type> types)
    {
        foreach (var type in types.Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            Add(type);
        }
    }

    public IReadOnlyList<StepBinding> StepBindings => _steps;

    public IReadOnlyList<HookBinding> Hooks => _hooks;

    /// <summary>Binding classes that implement <see cref="IBddRunListener"/>; the run creates one instance of each.</summary>
    public IReadOnlyList<Type> ListenerTypes => _listenerTypes;

    /// <summary>Binding mistakes (bad expression, unsupported parameter, non-static feature hook...).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A registry of exactly these types (they need not carry <c>[Binding]</c>).</summary>
    public static BindingRegistry FromTypes(params Type[] types) => new(types);

    /// <summary>The <c>[Binding]</c> types of <paramref name="assembly"/> that <paramref name="include"/> accepts.</summary>
    public static BindingRegistry FromAssembly(Assembly assembly, Func<Type, bool>? include = null) =>
        new(assembly.GetTypes().Where(t => t.GetCustomAttribute<BindingAttribute>() is not null && (include?.Invoke(t) ?? true)));

    /// <summary>The product's bindings: <c>[Binding]</c> types of this assembly outside <see cref="TestNamespacePrefix"/>.</summary>
    public static BindingRegistry ForProduct() =>
        FromAssembly(typeof(BindingRegistry).Assembly, t => !(t.Namespace ?? string.Empty).StartsWith(TestNamespacePrefix, StringComparison.Ordinal));

    /// <summary>The step definitions whose type fits and whose expression matches the whole text.</summary>
    public IReadOnlyList<StepMatch> FindMatches(StepDefinitionType? stepType, string text, bool hasStepArgument)
    {
        var matches = new List<StepMatch>();
        foreach (var binding in _steps)
        {
            if (stepType is { } type && !binding.Types.Contains(type))
            {
                continue;
            }

            if (binding.Expression.Match(text) is { } arguments)
            {
                matches.Add(new StepMatch(binding, arguments));
            }
        }

        // Like Reqnroll, prefer the definitions whose signature fits the DataTable/DocString before calling it ambiguous.
        if (matches.Count > 1)
        {
            var fitting = matches.Where(m => m.Binding.TakesStepArgument == hasStepArgument).ToList();
            if (fitting.Count > 0)
            {
                return fitting;
            }
        }

        return matches;
    }

    /// <summary>The hooks of one kind that apply to <paramref name="tags"/>, in Order (then name, for a stable run).</summary>
    public IReadOnlyList<HookBinding> HooksFor(HookType hookType, IEnumerable<string> tags)
    {
        var tagList = tags.ToList();
        return _hooks.Where(h => h.HookType == hookType && h.AppliesTo(tagList))
            .OrderBy(h => h.Order)
            .ThenBy(h => h.MethodName, StringComparer.Ordinal)
            .ToList();
    }

    private void Add(Type type)
    {
        if (typeof(IBddRunListener).IsAssignableFrom(type) && !type.IsAbstract)
        {
            _listenerTypes.Add(type);
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(flags).OrderBy(m => m.MetadataToken))
        {
            foreach (var attribute in method.GetCustomAttributes<StepDefinitionBaseAttribute>())
            {
                AddStep(method, attribute);
            }

            foreach (var attribute in method.GetCustomAttributes<HookAttribute>())
            {
                AddHook(method, attribute);
            }
        }
    }

    private void AddStep(MethodInfo method, StepDefinitionBaseAttribute attribute)
    {
        var where = $"[{attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal)}(\"{attribute.Expression}\")] on {method.DeclaringType?.FullName}.{method.Name}";
        if (!CheckReturnType(method, where))
        {
            return;
        }

        var parameters = method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).ToList();
        StepExpression expression;
        try
        {
            expression = StepExpression.Parse(attribute.Expression, parameters.Select(p => p.ParameterType).ToList());
        }
        catch (BindingException e)
        {
            _errors.Add($"{where}: {e.Message}");
            return;
        }

        var extra = parameters.Count - expression.ParameterCount;
        if (extra is < 0 or > 1)
        {
            _errors.Add(
                $"{where}: the expression captures {expression.ParameterCount} argument(s) but the method has {parameters.Count} parameter(s). " +
                "Give it one parameter per captured argument, plus optionally a last Table (DataTable) or string (DocString) parameter.");
            return;
        }

        if (extra == 1 && parameters[^1].ParameterType != typeof(Table) && parameters[^1].ParameterType != typeof(string))
        {
            _errors.Add(
                $"{where}: the last parameter '{parameters[^1].Name}' is a {parameters[^1].ParameterType.Name}, but a parameter beyond the captured arguments must be a Table (DataTable) or string (DocString).");
            return;
        }

        foreach (var parameter in parameters.Take(expression.ParameterCount))
        {
            if (!IsConvertible(parameter.ParameterType))
            {
                _errors.Add(
                    $"{where}: parameter '{parameter.Name}' has unsupported type {parameter.ParameterType.FullName}. " +
                    "Use string, a number type, bool, an enum, Guid, TimeSpan, DateTime, or a type with a TypeConverter from string.");
                return;
            }
        }

        _steps.Add(new StepBinding(attribute.Types, expression, method, attribute.SourceFile, attribute.SourceLine));
    }

    private void AddHook(MethodInfo method, HookAttribute attribute)
    {
        var where = $"[{attribute.HookType}] on {method.DeclaringType?.FullName}.{method.Name}";
        if (!CheckReturnType(method, where))
        {
            return;
        }

        if (attribute.HookType is HookType.BeforeTestRun or HookType.AfterTestRun or HookType.BeforeFeature or HookType.AfterFeature
            && !method.IsStatic)
        {
            _errors.Add($"{where}: {attribute.HookType} hooks must be static (there is no binding instance outside a scenario). Make the method static.");
            return;
        }

        _hooks.Add(new HookBinding(attribute.HookType, attribute.Order, attribute.Tags, method));
    }

    private bool CheckReturnType(MethodInfo method, string where)
    {
        if (method.ReturnType == typeof(void) || method.ReturnType == typeof(Task) || method.ReturnType == typeof(ValueTask))
        {
            return true;
        }

        _errors.Add($"{where}: returns {method.ReturnType.Name}; binding methods must return void, Task or ValueTask.");
        return false;
    }

    private static bool IsConvertible(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(object)
            || System.ComponentModel.TypeDescriptor.GetConverter(t).CanConvertFrom(typeof(string));
    }
}
