// Parallel loops over independent items whose results are combined in item order (so the outcome does
// not depend on scheduling). A user error raised inside a worker surfaces as itself, not wrapped in an
// AggregateException.
using System.Runtime.ExceptionServices;

namespace BabyLm.Core;

public static class Par
{
    public static void For(int count, int threads, Action<int> body)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        try
        {
            Parallel.For(0, count, options, body);
        }
        catch (AggregateException ex)
        {
            var first = ex.Flatten().InnerExceptions.OrderBy(e => e is BabyLmException ? 0 : 1).First();
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }
}
