// tallyfy_group_page: one page of a group list.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>Where a page stands in the whole list.</summary>
    public sealed class Pagination
    {
        /// <summary>Groups in the whole list.</summary>
        public ulong Total { get; internal set; }
        /// <summary>Groups on this page.</summary>
        public ulong Count { get; internal set; }
        /// <summary>Groups per page.</summary>
        public ulong PerPage { get; internal set; }
        /// <summary>This page's number, from 1.</summary>
        public ulong CurrentPage { get; internal set; }
        /// <summary>Pages in the whole list.</summary>
        public ulong TotalPages { get; internal set; }
    }

    /// <summary>One page of a group list (tallyfy_group_page), as managed values only: its
    /// groups and its pagination, read from the native page while the library lends it.</summary>
    public sealed class GroupPage
    {
        /// <summary>Reads every value of native, which stays the caller's.</summary>
        private GroupPage(GroupPageHandle native)
        {
            var groups = new List<Group>();
            ulong count = NativeMethods.tallyfy_group_page_len(native).ToUInt64();
            for (ulong i = 0; i < count; i++) groups.Add(Group.Lent(NativeMethods.tallyfy_group_page_get(native, new UIntPtr(i))));
            Groups = groups.AsReadOnly();
            Pagination = new Pagination
            {
                Total = NativeMethods.tallyfy_group_page_total(native),
                Count = NativeMethods.tallyfy_group_page_count(native),
                PerPage = NativeMethods.tallyfy_group_page_per_page(native),
                CurrentPage = NativeMethods.tallyfy_group_page_current_page(native),
                TotalPages = NativeMethods.tallyfy_group_page_total_pages(native),
            };
        }

        /// <summary>The page of owned (a parse's result or a copy), which is freed here.</summary>
        internal static GroupPage Own(GroupPageHandle owned)
        {
            using (owned) return new GroupPage(owned);
        }

        /// <summary>The page of a copy of one the library lends (a call's, until its next step),
        /// made and read at once.</summary>
        internal static GroupPage Copy(IntPtr lent)
        {
            GroupPageHandle copy;
            ErrorHandle err;
            using (var borrowed = new GroupPageHandle(lent))
                Error.Check(NativeMethods.tallyfy_group_page_clone(borrowed, out copy, out err), err);
            return Own(copy);
        }

        /// <summary>The groups of this page, in order.</summary>
        public IReadOnlyList<Group> Groups { get; private set; }
        /// <summary>Where this page stands in the whole list.</summary>
        public Pagination Pagination { get; private set; }
    }
}
