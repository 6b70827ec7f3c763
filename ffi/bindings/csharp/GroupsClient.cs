// GroupsClient: the Groups API over HttpClient, a short loop over the core's call driver.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tallyfy
{
    /// <summary>A wait before the next attempt, and why: an error answer (Error) or no answer
    /// (NoAnswerKind), as the call's Wait step gives them.</summary>
    public sealed class Retry
    {
        internal Retry(Call call)
        {
            DelayMs = call.DelayMs;
            Attempt = call.Attempt;
            Error = call.Error;
            NoAnswerKind = call.NoAnswerKind;
        }

        /// <summary>How long to wait, in milliseconds.</summary>
        public ulong DelayMs { get; private set; }
        /// <summary>The number of the retry that follows the wait: 1 for the first.</summary>
        public uint Attempt { get; private set; }
        /// <summary>The error answer that may pass (429, or 502-504 when idempotent), already
        /// redacted; null when the attempt got no answer.</summary>
        public Error Error { get; private set; }
        /// <summary>Why the attempt got no answer; null when it got an error answer.</summary>
        public NoAnswer? NoAnswerKind { get; private set; }
    }

    /// <summary>Groups of one organization over HttpClient: a short loop over Call that only
    /// sends each exchange (within its TimeoutMs, reading at most its MaxAnswerBytes) and sleeps
    /// the waits the core asks for. Every error it raises is the core's, redacted, or the
    /// transport's own (a TimeoutException names the request by its trace).</summary>
    public sealed class GroupsClient : IDisposable
    {
        private readonly Config config;
        private readonly string orgId;
        private readonly HttpClient http;
        private readonly bool ownsHttp;

        /// <summary>A client for orgId; http is created (and disposed) here when not given. The
        /// exchange timeout is the call's TimeoutMs; a given HttpClient's own Timeout applies
        /// too.</summary>
        public GroupsClient(Config config, string orgId, HttpClient http = null)
        {
            this.config = config;
            this.orgId = orgId;
            ownsHttp = http == null;
            this.http = http ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            Sleep = (delay, cancel) => Task.Delay(delay, cancel);
        }

        /// <summary>Called after every answered exchange (retries and pages included) with the
        /// core's trace of the request (the token taken out) and the status.</summary>
        public Action<Request, int> Trace { get; set; }

        /// <summary>Called before each retry's wait with the wait and why (the error answer,
        /// already redacted, or the no-answer kind).</summary>
        public Action<Retry> OnRetry { get; set; }

        /// <summary>The options of every call (null: the core's defaults, a random jitter seed
        /// per call).</summary>
        public CallOptions Options { get; set; }

        /// <summary>How the client waits before a retry: Task.Delay by default. It must end early
        /// (cancelled) when its token is cancelled; tests pass one that only records.</summary>
        public Func<TimeSpan, CancellationToken, Task> Sleep { get; set; }

        /// <summary>Creates a group.</summary>
        public async Task<Group> CreateAsync(GroupInput input, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.CreateGroup(config, orgId, input, Options), cancel).ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Reads a group.</summary>
        public async Task<Group> GetAsync(string groupId, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.GetGroup(config, orgId, groupId, Options), cancel).ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Reads one page of groups.</summary>
        public async Task<GroupPage> ListAsync(ListQuery query = null, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.ListGroups(config, orgId, query, Options), cancel).ConfigureAwait(false))
                return call.Page;
        }

        /// <summary>Every group, page after page (see Call.ListAllGroups): past Options.MaxPages
        /// pages with more remaining it throws TooManyPages, never a partial list.</summary>
        public async Task<List<Group>> ListAllAsync(ListQuery query = null,
            CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.ListAllGroups(config, orgId, query, Options), cancel).ConfigureAwait(false))
                return new List<Group>(call.Groups);
        }

        /// <summary>Changes the present fields of changes.</summary>
        public async Task<Group> UpdateAsync(string groupId, GroupInput changes,
            CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.UpdateGroup(config, orgId, groupId, changes, Options), cancel)
                .ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Deletes a group.</summary>
        public async Task DeleteAsync(string groupId, CancellationToken cancel = default(CancellationToken))
        {
            using (await RunAsync(Call.DeleteGroup(config, orgId, groupId, Options), cancel).ConfigureAwait(false)) { }
        }

        /// <summary>Drives call to its end: returns it Done, or disposes it and throws.</summary>
        private async Task<Call> RunAsync(Call call, CancellationToken cancel)
        {
            try
            {
                Exception unanswered = null;
                for (;;)
                {
                    switch (call.Next())
                    {
                        case Step.Send:
                            var sent = await ExchangeAsync(call, cancel).ConfigureAwait(false);
                            if (sent.Answer == null)
                            {
                                unanswered = sent.Failure;
                                call.NoAnswer(sent.Kind);
                                break;
                            }
                            var trace = Trace;
                            if (trace != null) trace(call.Trace, sent.Answer.Status);
                            call.Answer(sent.Answer);
                            break;
                        case Step.Wait:
                            var onRetry = OnRetry;
                            if (onRetry != null) onRetry(new Retry(call));
                            await Sleep(TimeSpan.FromMilliseconds(call.DelayMs), cancel).ConfigureAwait(false);
                            cancel.ThrowIfCancellationRequested();
                            break;
                        case Step.Done:
                            return call;
                        case Step.Failed:
                            throw call.Error;
                        default:
                            ExceptionDispatchInfo.Capture(unanswered).Throw();
                            break;
                    }
                }
            }
            catch
            {
                call.Dispose();
                throw;
            }
        }

        /// <summary>What came of one exchange: an answer, or why none (and the failure that
        /// stands if the call ends there).</summary>
        private sealed class Sent
        {
            public Response Answer;
            public NoAnswer Kind;
            public Exception Failure;
        }

        /// <summary>Sends the request of call's Send step within its TimeoutMs, reading at most
        /// its MaxAnswerBytes.</summary>
        private async Task<Sent> ExchangeAsync(Call call, CancellationToken cancel)
        {
            var request = call.Request;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(new[] { cancel }))
            using (var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url))
            {
                if (request.Body != null) message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                foreach (var header in request.Headers)
                {
                    if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
                        message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    else
                        message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                // The core keeps TimeoutMs within an int.
                limit.CancelAfter((int)call.TimeoutMs);
                try
                {
                    using (var answer = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, limit.Token)
                        .ConfigureAwait(false))
                    // A body read that ignores the token ends when the answer is disposed.
                    using (limit.Token.Register(answer.Dispose))
                    {
                        var body = await ReadAsync(answer.Content, call.MaxAnswerBytes, limit.Token).ConfigureAwait(false);
                        if (body == null) return new Sent { Kind = NoAnswer.TooLarge };
                        var headers = new List<KeyValuePair<string, string>>();
                        foreach (var h in answer.Headers)
                            headers.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
                        foreach (var h in answer.Content.Headers)
                            headers.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
                        return new Sent { Answer = new Response((int)answer.StatusCode, headers, body) };
                    }
                }
                catch (Exception e) when (cancel.IsCancellationRequested)
                {
                    throw new OperationCanceledException("the call was cancelled", e, cancel);
                }
                catch (Exception) when (limit.IsCancellationRequested)
                {
                    var trace = call.Trace;
                    return new Sent
                    {
                        Kind = NoAnswer.Timeout,
                        Failure = new TimeoutException(trace.Method + " " + trace.Url + " got no complete answer within " +
                            call.TimeoutMs + " ms"),
                    };
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException)
                {
                    return new Sent { Kind = NoAnswer.NotDelivered, Failure = e };
                }
            }
        }

        /// <summary>The whole body, or null past max bytes (said by Content-Length, or counted
        /// while reading: the rest is never read).</summary>
        private static async Task<byte[]> ReadAsync(HttpContent content, ulong max, CancellationToken cancel)
        {
            var length = content.Headers.ContentLength;
            if (length.HasValue && (ulong)length.Value > max) return null;
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var body = new MemoryStream())
            {
                var buffer = new byte[81920];
                for (;;)
                {
                    int read = await stream.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false);
                    if (read == 0) return body.ToArray();
                    if ((ulong)body.Length + (ulong)read > max) return null;
                    body.Write(buffer, 0, read);
                }
            }
        }

        /// <summary>Disposes the HttpClient if it was created here.</summary>
        public void Dispose()
        {
            if (ownsHttp) http.Dispose();
        }
    }
}
