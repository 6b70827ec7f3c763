// The library's handles as SafeHandles: each owned one is released once by its *_free (the GC
// does it for one not disposed); a lent one (a call's step, a page's group) is never freed here.
using System;
using Microsoft.Win32.SafeHandles;

namespace Tallyfy
{
    /// <summary>A handle of the library: owned (made by the marshaller from a result) or lent.</summary>
    internal abstract class Handle : SafeHandleZeroOrMinusOneIsInvalid
    {
        protected Handle() : base(true) { }

        /// <summary>A pointer the library lends (or NULL, for an absent argument): never freed here.</summary>
        protected Handle(IntPtr lent) : base(false)
        {
            SetHandle(lent);
        }

        /// <summary>This handle, or ObjectDisposedException naming owner once it is disposed.</summary>
        internal T Open<T>(string owner) where T : Handle
        {
            if (IsClosed) throw new ObjectDisposedException(owner);
            return (T)this;
        }
    }

    internal sealed class ConfigHandle : Handle
    {
        public ConfigHandle() { }
        internal ConfigHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_config_free(handle); return true; }
    }

    internal sealed class ErrorHandle : Handle
    {
        public ErrorHandle() { }
        internal ErrorHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_error_free(handle); return true; }
    }

    internal sealed class GroupHandle : Handle
    {
        public GroupHandle() { }
        internal GroupHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_group_free(handle); return true; }
    }

    internal sealed class GroupPageHandle : Handle
    {
        public GroupPageHandle() { }
        internal GroupPageHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_group_page_free(handle); return true; }
    }

    internal sealed class GroupInputHandle : Handle
    {
        public GroupInputHandle() { }
        internal GroupInputHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_group_input_free(handle); return true; }
    }

    internal sealed class ListQueryHandle : Handle
    {
        public ListQueryHandle() { }
        internal ListQueryHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_list_query_free(handle); return true; }
    }

    internal sealed class RequestHandle : Handle
    {
        public RequestHandle() { }
        internal RequestHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_request_free(handle); return true; }
    }

    internal sealed class CallHandle : Handle
    {
        public CallHandle() { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_call_free(handle); return true; }
    }

    internal sealed class CallOptionsHandle : Handle
    {
        public CallOptionsHandle() { }
        internal CallOptionsHandle(IntPtr lent) : base(lent) { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_call_options_free(handle); return true; }
    }

    internal sealed class TextHandle : Handle
    {
        public TextHandle() { }
        protected override bool ReleaseHandle() { NativeMethods.tallyfy_text_free(handle); return true; }
    }
}
