using NUnit.Framework;
using Reqnroll.Infrastructure;
using Reqnroll.Tracing;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>Files given to <c>IReqnrollOutputHelper.AddAttachment</c> become NUnit test attachments (TRX).</summary>
public sealed class NUnitAttachmentHandler(ITraceListener traceListener) : ReqnrollAttachmentHandler(traceListener)
{
    public override void AddAttachment(string filePath)
    {
        try
        {
            TestContext.AddTestAttachment(filePath);
        }
        catch (Exception)
        {
            // Outside a test (a test-run or feature hook) NUnit has no result to attach to: say so, as Reqnroll does.
            base.AddAttachment(filePath);
        }
    }
}
