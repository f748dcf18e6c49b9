"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

export interface NavLink {
  href: string;
  label: string;
}

/** The one link that is the current page: "/" only on the overview, others for their subpaths too. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The page list: a sidebar on wide screens, behind a Menu button on phones. The current page is
 * marked with aria-current, which the style also keys on, so what is seen is what is announced.
 */
export function DashboardNav({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  // Following a link closes the phone menu, so the page it opened is what shows.
  useEffect(() => setOpen(false), [pathname]);
  return (
    <nav aria-label="Dashboard" className="sidenav" data-open={open}>
      <button type="button" className="secondary menu-button" aria-expanded={open} aria-controls="dashboard-links" onClick={() => setOpen(!open)}>
        Menu
      </button>
      <ul id="dashboard-links">
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={isCurrent(link.href, pathname) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
