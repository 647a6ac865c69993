namespace NetnsBdd.Drivers.Health;

/// <summary>
/// The fields of one <c>/proc/&lt;pid&gt;/stat</c> the suite's share of the host needs. Times are in clock ticks
/// (USER_HZ), the unit of <c>/proc/stat</c>'s cpu lines, so the two divide without conversion.
/// </summary>
/// <param name="ChildUserTicks">cutime: user time of the children this process has waited for (reaped), with theirs.</param>
/// <param name="RssPages">Resident set size in pages of the kernel's page size.</param>
public readonly record struct ProcessStat(
    int Pid, int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long RssPages)
{
    /// <summary>
    /// CPU time of this process and of every descendant it has reaped: a child that exits between two samples stays
    /// counted, because the kernel adds its times to the parent's cutime/cstime when the parent waits for it.
    /// </summary>
    public long TicksWithReapedChildren => UserTicks + SystemTicks + ChildUserTicks + ChildSystemTicks;
}
