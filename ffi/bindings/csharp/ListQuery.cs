// tallyfy_list_query: the query of a list request.
using System;

namespace Tallyfy
{
    /// <summary>The query of a list request (tallyfy_list_query); a value never set is left out
    /// (the server's default). Each setter checks its value by the core's rules at once: a value
    /// FromJson refuses throws Error (InvalidInput, the same field error) and leaves the query
    /// unchanged. Not for use by two threads while one changes it.</summary>
    public sealed class ListQuery : IDisposable
    {
        private readonly ListQueryHandle handle;

        /// <summary>A query with every value left out.</summary>
        public ListQuery()
        {
            handle = NativeMethods.tallyfy_list_query_new();
        }

        private ListQuery(ListQueryHandle owned)
        {
            handle = owned;
        }

        /// <summary>A query read from JSON ({"q","page","perPage","sortBy","sort","with"}); throws
        /// Error (InvalidInput) listing every problem.</summary>
        public static ListQuery FromJson(string json)
        {
            using (var pins = new Pins())
            {
                ListQueryHandle query;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_list_query_from_json(pins.Str(json), out query, out err), err);
                return new ListQuery(query);
            }
        }

        /// <summary>Search text: any text.</summary>
        public string Q
        {
            set { Set(value, NativeMethods.tallyfy_list_query_set_q); }
        }

        /// <summary>The page, from 1; 0 throws Error (field "page").</summary>
        public uint Page
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_list_query_set_page(Handle, value, out err), err);
            }
        }

        /// <summary>Groups per page, 1 to 100; otherwise Error (field "per_page").</summary>
        public uint PerPage
        {
            set
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_list_query_set_per_page(Handle, value, out err), err);
            }
        }

        /// <summary>"name", "created_at" or "updated_at"; otherwise Error (field "sort_by").</summary>
        public string SortBy
        {
            set { Set(value, NativeMethods.tallyfy_list_query_set_sort_by); }
        }

        /// <summary>"asc" or "desc"; otherwise Error (field "sort").</summary>
        public string Sort
        {
            set { Set(value, NativeMethods.tallyfy_list_query_set_sort); }
        }

        /// <summary>Adds a relation to include: "assets", "users" or "guests", each once;
        /// otherwise Error (field "with.N").</summary>
        public void AddWith(string with)
        {
            Set(with, NativeMethods.tallyfy_list_query_add_with);
        }

        /// <summary>Frees the native query; using it after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>The native query of query, a NULL one (no query) for null;
        /// ObjectDisposedException once disposed.</summary>
        internal static ListQueryHandle HandleOf(ListQuery query)
        {
            return query == null ? new ListQueryHandle(IntPtr.Zero) : query.Handle;
        }

        private ListQueryHandle Handle
        {
            get { return handle.Open<ListQueryHandle>("ListQuery"); }
        }

        private delegate Code Setter(ListQueryHandle query, tallyfy_str value, out ErrorHandle err);

        private void Set(string value, Setter set)
        {
            using (var pins = new Pins())
            {
                ErrorHandle err;
                Error.Check(set(Handle, pins.Str(value), out err), err);
            }
        }
    }
}
