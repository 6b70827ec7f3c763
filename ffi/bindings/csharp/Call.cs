// tallyfy_call: the core's call driver, one operation from its first request to its result.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>The core's call driver (tallyfy_call): one operation, from its first request to
    /// its result. The host loops: Next says what to do (Send Request, Wait DelayMs, or the call
    /// ended), the host does it and hands back what came of a send with Answer or NoAnswer.
    /// Every decision (retries, waits, paging, limits, redaction) is the core's; each step's
    /// values are managed copies that outlive the step. GroupsClient is such a host over
    /// HttpClient. One thread at a time drives a call.</summary>
    public sealed class Call : IDisposable
    {
        private delegate Code Make(Pins pins, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);

        private readonly CallHandle handle;

        private Call(CallOptions options, Make make)
        {
            using (var pins = new Pins())
            {
                ErrorHandle err;
                Error.Check(make(pins, CallOptions.HandleOf(options), out handle, out err), err);
            }
        }

        /// <summary>Creates a group; throws Error (InvalidInput listing every problem of the
        /// arguments) before anything is sent. Nothing passed is kept by the call.</summary>
        public static Call CreateGroup(Config config, string orgId, GroupInput input, CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_create_group(Config.HandleOf(config), p.Str(orgId), GroupInput.HandleOf(input), o,
                    out c, out e));
        }

        /// <summary>Reads one group.</summary>
        public static Call GetGroup(Config config, string orgId, string groupId, CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_get_group(Config.HandleOf(config), p.Str(orgId), p.Str(groupId), o, out c, out e));
        }

        /// <summary>Reads one page of groups (no query: the server's defaults).</summary>
        public static Call ListGroups(Config config, string orgId, ListQuery query = null, CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_list_groups(Config.HandleOf(config), p.Str(orgId), ListQuery.HandleOf(query), o,
                    out c, out e));
        }

        /// <summary>Reads every group, page after page, from the query's page; past MaxPages
        /// pages with more remaining it fails with TooManyPages, never a partial list.</summary>
        public static Call ListAllGroups(Config config, string orgId, ListQuery query = null, CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_list_all_groups(Config.HandleOf(config), p.Str(orgId), ListQuery.HandleOf(query), o,
                    out c, out e));
        }

        /// <summary>Changes the present fields of changes.</summary>
        public static Call UpdateGroup(Config config, string orgId, string groupId, GroupInput changes,
            CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_update_group(Config.HandleOf(config), p.Str(orgId), p.Str(groupId),
                    GroupInput.HandleOf(changes), o, out c, out e));
        }

        /// <summary>Deletes a group.</summary>
        public static Call DeleteGroup(Config config, string orgId, string groupId, CallOptions options = null)
        {
            return new Call(options, (Pins p, CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                NativeMethods.tallyfy_call_delete_group(Config.HandleOf(config), p.Str(orgId), p.Str(groupId), o, out c, out e));
        }

        /// <summary>What the host does next; the step's values are then in the properties
        /// (the others are null, 0 or false). Send: Request, Trace, TimeoutMs, MaxAnswerBytes.
        /// Wait: DelayMs, Attempt, and Error or NoAnswerKind (why). Done: Group, Page,
        /// Groups or Deleted, as the operation gives. Failed: Error. Unanswered:
        /// NoAnswerKind.</summary>
        public Step Next()
        {
            var h = Handle;
            var step = NativeMethods.tallyfy_call_next(h);
            Request = Trace = null;
            TimeoutMs = 0;
            MaxAnswerBytes = DelayMs = 0;
            Attempt = 0;
            Error = null;
            NoAnswerKind = null;
            Group = null;
            Page = null;
            Groups = null;
            Deleted = false;
            switch (step)
            {
                case Step.Send:
                    using (var request = new RequestHandle(NativeMethods.tallyfy_call_request(h))) Request = new Request(request);
                    using (var trace = new RequestHandle(NativeMethods.tallyfy_call_trace(h))) Trace = new Request(trace);
                    TimeoutMs = NativeMethods.tallyfy_call_timeout_ms(h);
                    MaxAnswerBytes = NativeMethods.tallyfy_call_max_answer_bytes(h);
                    break;
                case Step.Wait:
                    DelayMs = NativeMethods.tallyfy_call_delay_ms(h);
                    Attempt = NativeMethods.tallyfy_call_attempt(h);
                    var reason = NativeMethods.tallyfy_call_error(h);
                    if (reason != IntPtr.Zero) Error = Error.Copy(reason);
                    else NoAnswerKind = NativeMethods.tallyfy_call_no_answer_kind(h);
                    break;
                case Step.Done:
                    var group = NativeMethods.tallyfy_call_group(h);
                    var page = NativeMethods.tallyfy_call_page(h);
                    if (group != IntPtr.Zero) Group = Tallyfy.Group.Copy(group);
                    else if (page != IntPtr.Zero) Page = GroupPage.Copy(page);
                    else if (NativeMethods.tallyfy_call_deleted(h)) Deleted = true;
                    else
                    {
                        var groups = new List<Group>();
                        ulong count = NativeMethods.tallyfy_call_group_count(h).ToUInt64();
                        for (ulong i = 0; i < count; i++) groups.Add(Tallyfy.Group.Copy(NativeMethods.tallyfy_call_group_at(h, new UIntPtr(i))));
                        Groups = groups.AsReadOnly();
                    }
                    break;
                case Step.Failed:
                    var error = NativeMethods.tallyfy_call_error(h);
                    // Only a panic caught inside the library fails a call without an error.
                    if (error == IntPtr.Zero) throw new InvalidOperationException("libtallyfy failed the call without an error");
                    Error = Error.Copy(error);
                    break;
                default:
                    NoAnswerKind = NativeMethods.tallyfy_call_no_answer_kind(h);
                    break;
            }
            return step;
        }

        /// <summary>Send: what to send, unchanged (its Authorization holds the token).</summary>
        public Request Request { get; private set; }
        /// <summary>Send: the same request with the access token taken out wherever it
        /// appears, for logs and traces.</summary>
        public Request Trace { get; private set; }
        /// <summary>Send: the longest the whole exchange (sending, status, headers, whole body)
        /// may take; past it, report NoAnswer.Timeout.</summary>
        public uint TimeoutMs { get; private set; }
        /// <summary>Send: the largest body to read; past it, stop reading and report
        /// NoAnswer.TooLarge.</summary>
        public ulong MaxAnswerBytes { get; private set; }
        /// <summary>Wait: how long to wait, in milliseconds.</summary>
        public ulong DelayMs { get; private set; }
        /// <summary>Wait: the number of the retry that follows the wait, 1 for the first.</summary>
        public uint Attempt { get; private set; }
        /// <summary>Failed: the error, the access token already taken out. Wait: the error
        /// answer that may pass (429, or 502-504 when idempotent), or null when the attempt got
        /// no answer.</summary>
        public Error Error { get; private set; }
        /// <summary>Wait without an Error, or Unanswered: why the last exchange got no answer.</summary>
        public NoAnswer? NoAnswerKind { get; private set; }
        /// <summary>Done: the result of a create, get or update.</summary>
        public Group Group { get; private set; }
        /// <summary>Done: the result of a list.</summary>
        public GroupPage Page { get; private set; }
        /// <summary>Done: the result of a "list every group": every group of every page.</summary>
        public IReadOnlyList<Group> Groups { get; private set; }
        /// <summary>Done: whether a delete deleted the group.</summary>
        public bool Deleted { get; private set; }

        /// <summary>Hands over the answer to the last Send step (the whole body, at most its
        /// MaxAnswerBytes; all headers may be passed); ask Next then. Throws Error
        /// (InvalidInput), changing nothing, unless the call waits for an answer.</summary>
        public void Answer(Response response)
        {
            if (response == null) throw new ArgumentNullException("response");
            using (var pins = new Pins())
            {
                var native = response.ToNative(pins);
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_call_answer(Handle, ref native, out err), err);
            }
        }

        /// <summary>Reports that the exchange of the last Send step got no answer; ask Next then.
        /// Throws as Answer does.</summary>
        public void NoAnswer(NoAnswer kind)
        {
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_call_no_answer(Handle, kind, out err), err);
        }

        /// <summary>Frees the native call; using it after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private CallHandle Handle
        {
            get { return handle.Open<CallHandle>("Call"); }
        }
    }
}
