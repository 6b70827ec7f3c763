// tallyfy_call_options: the settings of one call.
using System;

namespace Tallyfy
{
    /// <summary>The settings of a call (tallyfy_call_options): a value never set is the core's
    /// default (and the jitter seed a random one). Each setter checks its value by the core's
    /// rules (Error, InvalidInput naming the field). Not for use by two threads while one
    /// changes it.</summary>
    public sealed class CallOptions : IDisposable
    {
        private readonly CallOptionsHandle handle;

        /// <summary>The core's defaults.</summary>
        public CallOptions()
        {
            handle = NativeMethods.tallyfy_call_options_new();
        }

        /// <summary>The longest one HTTP exchange may take, in milliseconds.</summary>
        public uint TimeoutMs
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_call_options_set_timeout_ms(Handle, value, out err), err);
            }
        }

        /// <summary>The largest answer body to read, in bytes.</summary>
        public ulong MaxAnswerBytes
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_call_options_set_max_answer_bytes(Handle, value, out err), err);
            }
        }

        /// <summary>The most pages a "list every group" call reads; past it, TooManyPages.</summary>
        public uint MaxPages
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_call_options_set_max_pages(Handle, value, out err), err);
            }
        }

        /// <summary>The seed of the retry jitter: a fixed one makes the waits repeatable.</summary>
        public ulong RandomSeed
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_call_options_set_random_seed(Handle, value, out err), err);
            }
        }

        /// <summary>Frees the native options; using them after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>The native options of options, NULL ones (the defaults) for null;
        /// ObjectDisposedException once disposed.</summary>
        internal static CallOptionsHandle HandleOf(CallOptions options)
        {
            return options == null ? new CallOptionsHandle(IntPtr.Zero) : options.Handle;
        }

        private CallOptionsHandle Handle
        {
            get { return handle.Open<CallOptionsHandle>("CallOptions"); }
        }
    }
}
