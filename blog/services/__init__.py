"""Plain functions the views call: queries with their eager loading, and the writes.

Where reading a thing and changing it differ a lot, the thing has two modules, a read side
that reader pages import and a write side that only forms import:

========================  ==================================  ==================================
thing                     read side (what is shown)           write side (what changes it)
========================  ==================================  ==================================
reviews                   ``reviews``: the visibility rule,   ``writing``: the studio's saves,
                          feed, lists, neighbours, counts     slugs, publishing, deleting
comments                  ``comments``: threads as shown,     ``commenting``: posting, editing,
                          pages, recent comments              deleting, reporting, their rules
tags                      ``tags``: naming (also for the      ``studio_tags``: renaming and
                          write side), the cloud, tag pages   merging, keeping old addresses
users                     ``users``: creating a user (the     ``accounts``: registering and
                          one way, CLI included), checking    changing an account; its rules in
                          credentials, finding authors        ``identity``
========================  ==================================  ==================================

Others own one thing each: ``logins`` (server-side sign-ins and the user loader), ``outbox``
(mail sent after the commit), ``search``, ``archive``, ``sitemap``, ``films``, ``images``,
``revisions``, ``moderation``, ``notifications``, ``profiles``, ``site_pages``,
``comment_drafts``, ``lookup``, ``studio_people``, ``catalogue`` (with ``catalogue_counts``,
its option counts kept until a write changes them). Every domain error is in ``errors``.

The rules every service follows: a write service commits once and, when it raises a domain
error, leaves the session clean (``errors.rolls_back``); no service imports ``request`` or
builds display text (templates word dates, ratings and links).
"""
