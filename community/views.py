"""Thin views for the discussion area. Each asks community.access before it shows or
changes anything; hidden content answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .forms import (
    EditPostForm,
    FileForm,
    FolderForm,
    JoinRequestForm,
    MoveThreadForm,
    PostForm,
    ReportForm,
    ThreadForm,
)
from .models import Attachment, Folder, JoinRequest, Post, Thread, User

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 30
FILES_PER_PAGE = 20
MEMBERS_PER_PAGE = 50


def _require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _page_context(group, **extra):
    # group_url: resolved once; templates use it in loops instead of page.url per row.
    return {"page": group, "self": group, "group_url": group.url, **extra}


def group_landing(request, group):
    can_view = access.can_view_group_content(request.user, group)
    if not access.can_view_group_listing(request.user, group):
        raise Http404
    context = _page_context(
        group,
        can_view=can_view,
        membership_role=access.roles(request.user).get(group.pk),
        can_join=access.can_join(request.user, group),
        can_invite=access.can_invite(request.user, group),

        can_request_join=access.can_request_join(request.user, group),
        can_manage=access.can_manage_group(request.user, group),
    )
    if context["can_manage"] and group.is_working_group:
        context["open_requests"] = JoinRequest.objects.filter(
            group=group, status=JoinRequest.Status.PENDING).count()
    if context["can_request_join"]:
        context["pending_request"] = JoinRequest.objects.filter(
            user=request.user, group=group, status=JoinRequest.Status.PENDING).exists()
    if can_view:
        folders = list(selectors.folders_of(group))
        context.update(
            folders=folders,
            recent_threads=list(selectors.recent_threads_in_group(request.user, group)),
        )
    return TemplateResponse(request, "community/group_page.html", context)


def _visible_folder(request, group, folder_slug):
    access.check_view(request.user, group)
    folder = get_object_or_404(Folder, group=group, slug=folder_slug)
    folder.group = group
    access.check_view(request.user, folder)
    return folder


def folder_detail(request, group, folder_slug):
    if response := _require_login(request):
        return response
    access.check_view(request.user, group)
    # All of the group's folders in one query: the one asked for, and the others to list.
    folders = selectors.folders_of(group, include_archived=True, file_flags=True)
    folder = next((f for f in folders if f.slug == folder_slug), None)
    if folder is None:
        raise Http404
    access.check_view(request.user, folder)
    paginator = Paginator(selectors.threads_in_folder_for(request.user, folder), THREADS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    # A folder without any files (has_files, from the folder query) needs no file queries.
    files = selectors.files_in_folder(request.user, folder) if folder.has_files else []
    files_page = Paginator(files, FILES_PER_PAGE).get_page(request.GET.get("bestanden"))
    context = _page_context(
        group,
        folder=folder,
        folders=[f for f in folders if not f.is_archived],
        page_obj=page_obj,
        threads=selectors.mark_unread(list(page_obj.object_list)),
        files_page=files_page,
        can_post=access.can_post(request.user, group) and not folder.is_archived,
        can_upload=access.can_upload(request.user, folder),
        crumbs=[{"title": folder.title}],
    )
    for each in folders:  # the group's URL, already in the context, worked out once
        each.url = each.get_url(group_url=context["group_url"])
    return TemplateResponse(request, "community/folder_page.html", context)


def thread_create(request, group, folder_slug):
    if response := _require_login(request):
        return response
    folder = _visible_folder(request, group, folder_slug)
    if not access.can_post(request.user, group) or folder.is_archived:
        raise Http404
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES)
        if form.is_valid():
            joins = access.can_join(request.user, group)
            try:
                thread = services.create_thread(
                    author=request.user,
                    folder=folder,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                    files=request.FILES.getlist("bestand"),
                    topic=form.cleaned_data.get("topic"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw onderwerp is geplaatst."))
                if joins:
                    messages.info(request, _joined_message(group))
                return HttpResponseRedirect(thread.get_url())
    else:
        form = ThreadForm(initial={"client_token": services.new_client_token(),
                                   "topic": group.topic_id})
    return TemplateResponse(
        request,
        "community/thread_form.html",
        _page_context(
            group, folder=folder, form=form, will_join=access.can_join(request.user, group),
            crumbs=[{"title": folder.title, "url": folder.get_url()}, {"title": _("Nieuw onderwerp")}],
        ),
    )


def _visible_thread(request, group, thread_id):
    access.check_view(request.user, group)
    thread = get_object_or_404(
        selectors.with_last_visit(Thread.objects.select_related("folder"), request.user),
        pk=thread_id, group=group,
    )
    thread.group = thread.folder.group = group
    access.check_view(request.user, thread)
    return thread


def thread_detail(request, group, thread_id):
    if response := _require_login(request):
        return response
    thread = _visible_thread(request, group, thread_id)
    can_post = access.can_post(request.user, group) and not thread.folder.is_archived and (
        not thread.is_locked or access.can_moderate(request.user, group)
    )
    form = None
    if request.method == "POST":
        if not can_post:
            raise Http404
        form = PostForm(request.POST, request.FILES)
        if form.is_valid():
            joins = access.can_join(request.user, group)
            try:
                post = services.create_reply(
                    author=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                    files=request.FILES.getlist("bestand"),
                    quote=_quoted_post(thread, form.cleaned_data.get("quote")),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw reactie is geplaatst."))
                if joins:
                    messages.info(request, _joined_message(group))
                return HttpResponseRedirect(_post_url(post))
    quote = None
    if form is None and can_post:
        quote = _quoted_post(thread, request.GET.get("citeer"))
        form = PostForm(initial={"client_token": services.new_client_token(),
                                 "quote": quote.pk if quote else None})
    paginator = Paginator(selectors.posts_in_thread(thread), POSTS_PER_PAGE)
    # Posts are never deleted (removed ones stay as "verwijderd"), and reply_count rises
    # in the transaction that adds a reply: no COUNT query needed.
    paginator.count = thread.reply_count + 1
    page_obj = paginator.get_page(request.GET.get("pagina"))
    posts = selectors.with_files(page_obj.object_list)
    can_moderate = access.can_moderate(request.user, group)
    # Profile links: the URL pattern is reversed once, not once per author.
    profile_prefix = reverse("community:member_profile", args=[0])[: -len("0/")]
    may_view_profile = access.profile_rule(request.user)
    for post in posts:
        post.thread = thread
        post.can_quote = can_post and not (post.is_hidden or post.is_removed)
        post.author_url = (f"{profile_prefix}{post.author_id}/"
                           if may_view_profile(post.author) else None)
    access.mark_post_permissions(request.user, thread, posts)
    if request.method == "GET":
        # Read up to the thread's last activity as loaded above, not up to the clock: a
        # reply committed while this page was built is not on it, and stays unread.
        services.mark_thread_seen(user=request.user, thread=thread,
                                  at=thread.last_activity_at)
    context = _page_context(
        group, thread=thread, folder=thread.folder, page_obj=page_obj, posts=posts,
        form=form, can_post=can_post, can_moderate=can_moderate, quote=quote,
        move_form=MoveThreadForm(folders=selectors.move_targets(request.user)) if can_moderate else None,
        crumbs=[{"title": thread.folder.title, "url": thread.folder.get_url()}, {"title": thread.title}],
    )
    return TemplateResponse(request, "community/thread_page.html", context)


def _joined_message(group):
    return _("U bent nu lid van %(group)s en volgt deze groep: reacties komen in uw "
             "signaleringsmail. Wijzig dit bij 'Signaleringsmail'.") % {"group": group.title}


def _quoted_post(thread, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    post = Post.objects.select_related("author").filter(pk=pk, thread=thread).first()
    if post is None or post.is_hidden or post.is_removed:
        return None
    return post


def _post_url(post):
    position = Post.objects.filter(thread_id=post.thread_id, created_at__lt=post.created_at).count()
    page_number = position // POSTS_PER_PAGE + 1
    url = post.thread.get_url()
    if page_number > 1:
        url += f"?pagina={page_number}"
    return f"{url}#bericht-{post.pk}"


def post_permalink(request, group, post_id):
    if response := _require_login(request):
        return response
    access.check_view(request.user, group)
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id, thread__group=group)
    access.check_view(request.user, post)
    return HttpResponseRedirect(_post_url(post))


@require_POST
def _membership_change(request, group):
    action = request.POST.get("action")
    if action == "join":
        if not access.can_join(request.user, group):
            raise Http404
        services.join_group(user=request.user, group=group)
        messages.success(
            request,
            _("U bent lid van %(group)s. U ontvangt de signaleringsmail volgens uw standaardinstelling; "
              "wijzig dit bij 'Signaleringsmail'.") % {"group": group.title},
        )
    elif action == "leave":
        if not access.is_group_member(request.user, group):
            raise Http404
        services.leave_group(user=request.user, group=group)
        messages.success(request, _("U bent geen lid meer van %(group)s.") % {"group": group.title})
    else:
        messages.error(request, _("Deze actie is niet bekend."))
    return redirect(group.url)


def membership_change(request, group):
    if response := _require_login(request):
        return response
    if not access.can_view_group_listing(request.user, group):
        raise Http404
    return _membership_change(request, group)


@login_required
def dashboard(request):
    context = {
        "memberships": list(selectors.my_memberships(request.user)),
        "recent_threads": list(selectors.recent_threads_for_user(request.user)),
        "open_join_requests": selectors.open_join_requests(request.user),
        "crumbs": [{"title": _("Mijn netwerk")}],
    }
    return TemplateResponse(request, "community/dashboard.html", context)


# --- issue 4: files, working groups, folders, own posts, moderation, profiles --------


def _login_then(view):
    """Anonymous visitors go to the login page for every URL inside a group (existing or
    not, so the redirect reveals nothing)."""

    def wrapped(request, group, *args, **kwargs):
        if response := _require_login(request):
            return response
        return view(request, group, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _posted_id(request, name):
    """An id from a form; anything else is a 404, never a server error."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


def _form_errors(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def attachment_download(request, pk):
    """The only way to a group's file. Access follows the file's current parent."""
    from django.http import FileResponse

    try:
        attachment = selectors.attachment_for_download(pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    access.check_download(request.user, attachment)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@_login_then
def folder_upload(request, group, folder_slug):
    folder = _visible_folder(request, group, folder_slug)
    if not access.can_upload(request.user, folder):
        raise Http404
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_file(uploader=request.user, folder=folder,
                                 upload=form.cleaned_data["bestand"])
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Het bestand is toegevoegd aan de map."))
            return HttpResponseRedirect(folder.get_url())
    return TemplateResponse(request, "community/file_form.html", _page_context(
        group, folder=folder, form=form,
        crumbs=[{"title": folder.title, "url": folder.get_url()}, {"title": _("Bestand toevoegen")}],
    ))


@_login_then
def join_request(request, group):
    if not access.can_view_group_listing(request.user, group):
        raise Http404
    if not access.can_request_join(request.user, group):
        raise Http404
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_join(user=request.user, group=group,
                                  message=form.cleaned_data["message"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Uw verzoek is verstuurd. U krijgt een e-mail zodra de "
                                        "coördinator heeft besloten."))
            return redirect(group.url)
    return TemplateResponse(request, "community/join_request_form.html", _page_context(
        group, form=form, crumbs=[{"title": _("Verzoek om deel te nemen")}],
    ))


def _check_manage(request, group):
    if not access.can_manage_group(request.user, group):
        raise Http404


@_login_then
def join_requests_manage(request, group):
    _check_manage(request, group)
    if request.method == "POST":
        join = get_object_or_404(JoinRequest, pk=_posted_id(request, "request_id"), group=group)
        join.group = group
        approve = request.POST.get("decision") == "approve"
        services.decide_join_request(join_request=join, actor=request.user, approve=approve)
        if approve:
            messages.success(request, _("%(name)s is toegelaten en krijgt een e-mail.")
                             % {"name": join.user.display_name})
        else:
            messages.success(request, _("Het verzoek van %(name)s is afgewezen; hij of zij krijgt "
                                        "een e-mail.") % {"name": join.user.display_name})
        return redirect(group.url + group.reverse_subpage("manage_join_requests"))
    page_obj = Paginator(selectors.pending_join_requests(group), MEMBERS_PER_PAGE).get_page(
        request.GET.get("pagina"))
    return TemplateResponse(request, "community/join_requests.html", _page_context(
        group, page_obj=page_obj, requests=page_obj.object_list,
        crumbs=[{"title": _("Verzoeken om deel te nemen")}],
    ))


@_login_then
def members_manage(request, group):
    # Nobody is added without consent: the form sends an invitation (the same service as
    # uitnodigen/), and the answer is the same whether or not the address has an account.
    from . import accounts_services
    from .account_forms import InviteForm as InvitationForm

    _check_manage(request, group)
    can_invite = access.can_invite(request.user, group)
    form = InvitationForm()
    here = group.url + group.reverse_subpage("manage_members")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "remove":
            user = get_object_or_404(User, pk=_posted_id(request, "user_id"), memberships__group=group)
            services.remove_member_by(actor=request.user, group=group, user=user)
            messages.success(request, _("%(name)s is geen lid meer van deze groep.")
                             % {"name": user.display_name})
            return redirect(here)
        if action == "revoke":
            invitation = get_object_or_404(accounts_services.open_invitations(group),
                                           pk=_posted_id(request, "invitation_id"))
            try:
                accounts_services.revoke_invitation(actor=request.user, invitation=invitation)
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.")
                             % {"email": invitation.email})
            return redirect(here)
        if not can_invite:
            raise Http404  # general groups: members join themselves; nobody is invited
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                accounts_services.invite(inviter=request.user, group=group,
                                         email=form.cleaned_data["email"])
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("Als dit adres bij het OOV-netwerk hoort, ontvangt de "
                                        "persoon een uitnodiging. Lid wordt de persoon pas na "
                                        "het aannemen daarvan."))
            return redirect(here)
    page_obj = Paginator(selectors.members_of(group), MEMBERS_PER_PAGE).get_page(
        request.GET.get("pagina"))
    return TemplateResponse(request, "community/members.html", _page_context(
        group, page_obj=page_obj, memberships=page_obj.object_list, form=form,
        can_invite=can_invite,
        invitations=list(accounts_services.open_invitations(group)) if can_invite else [],
        crumbs=[{"title": _("Leden beheren")}],
    ))


@_login_then
def folders_manage(request, group):
    _check_manage(request, group)
    form = FolderForm()
    if request.method == "POST":
        action = request.POST.get("action")
        folder = None
        if action != "add":
            folder = get_object_or_404(Folder, pk=_posted_id(request, "folder_id"), group=group)
            folder.group = group
        try:
            if action == "add":
                form = FolderForm(request.POST)
                if form.is_valid():
                    services.add_folder(actor=request.user, group=group, **form.cleaned_data)
                    messages.success(request, _("De map is aangemaakt."))
                    return redirect(request.path)
            elif action == "rename":
                services.rename_folder(actor=request.user, folder=folder,
                                       title=request.POST.get("title"))
                messages.success(request, _("De naam van de map is gewijzigd."))
                return redirect(request.path)
            elif action in ("up", "down"):
                services.move_folder(actor=request.user, folder=folder,
                                     direction=-1 if action == "up" else 1)
                return redirect(request.path)
            elif action in ("archive", "unarchive"):
                services.set_folder_archived(actor=request.user, folder=folder,
                                             archived=action == "archive")
                messages.success(request, _("De map is gearchiveerd.") if action == "archive"
                                 else _("De map is weer actief."))
                return redirect(request.path)
        except ValidationError as exc:
            if action == "add":
                _form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect(request.path)
    return TemplateResponse(request, "community/folders_manage.html", _page_context(
        group, folders=selectors.folders_of(group, include_archived=True), form=form,
        crumbs=[{"title": _("Mappen beheren")}],
    ))


def _visible_post(request, group, post_id):
    access.check_view(request.user, group)
    post = get_object_or_404(Post.objects.select_related("thread", "thread__folder", "author"),
                             pk=post_id, thread__group=group)
    post.thread.group = post.thread.folder.group = group
    access.check_view(request.user, post.thread)
    return post


@_login_then
def post_edit(request, group, post_id):
    post = _visible_post(request, group, post_id)
    if not access.can_edit_post(request.user, post):
        raise Http404
    from .sanitise import to_editable

    form = EditPostForm(request.POST or None, initial={"body": to_editable(post.body)})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(user=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Uw bericht is bijgewerkt."))
            return HttpResponseRedirect(_post_url(post))
    return TemplateResponse(request, "community/post_edit.html", _page_context(
        group, post=post, form=form, thread=post.thread,
        crumbs=[{"title": post.thread.title, "url": post.thread.get_url()},
                {"title": _("Bericht bewerken")}],
    ))


@_login_then
def post_delete(request, group, post_id):
    post = _visible_post(request, group, post_id)
    if not access.can_edit_post(request.user, post):
        raise Http404
    if request.method == "POST":
        services.delete_post(user=request.user, post=post)
        messages.success(request, _("Uw bericht is verwijderd."))
        return HttpResponseRedirect(_post_url(post))
    return TemplateResponse(request, "community/post_delete.html", _page_context(
        group, post=post, thread=post.thread,
        crumbs=[{"title": post.thread.title, "url": post.thread.get_url()},
                {"title": _("Bericht verwijderen")}],
    ))


@_login_then
def post_report(request, group, post_id):
    post = _visible_post(request, group, post_id)
    if not access.can_report(request.user, post):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(user=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Dank u. De moderatoren bekijken uw melding."))
            return HttpResponseRedirect(_post_url(post))
    return TemplateResponse(request, "community/post_report.html", _page_context(
        group, post=post, form=form, thread=post.thread,
        crumbs=[{"title": post.thread.title, "url": post.thread.get_url()},
                {"title": _("Bericht melden")}],
    ))


@_login_then
@require_POST
def post_moderate(request, group, post_id):
    post = _visible_post(request, group, post_id)
    if not access.can_moderate(request.user, group):
        raise Http404
    action = request.POST.get("action")
    if action in ("hide", "restore"):
        services.set_post_hidden(actor=request.user, post=post, hidden=action == "hide")
        messages.success(request, _("Het bericht is verborgen.") if action == "hide"
                         else _("Het bericht is teruggezet."))
    elif action == "dismiss":
        services.dismiss_reports(actor=request.user, post=post)
        messages.success(request, _("De melding is afgehandeld."))
    if request.POST.get("next") == "queue":
        return redirect("community:moderation")
    return HttpResponseRedirect(_post_url(post))


@_login_then
@require_POST
def thread_moderate(request, group, thread_id):
    thread = _visible_thread(request, group, thread_id)
    if not access.can_moderate(request.user, group):
        raise Http404
    action = request.POST.get("action")
    flags = {"lock": ("is_locked", True), "unlock": ("is_locked", False),
             "pin": ("is_pinned", True), "unpin": ("is_pinned", False)}
    if action in flags:
        flag, value = flags[action]
        services.set_thread_flag(actor=request.user, thread=thread, flag=flag, value=value)
        messages.success(request, _("Het onderwerp is bijgewerkt."))
    elif action == "move":
        form = MoveThreadForm(request.POST, folders=selectors.move_targets(request.user))
        if form.is_valid():
            folder = Folder.objects.select_related("group").get(pk=form.cleaned_data["folder"])
            try:
                services.move_thread(actor=request.user, thread=thread, folder=folder)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Het onderwerp is verplaatst naar %(folder)s.")
                                 % {"folder": folder.title})
                return HttpResponseRedirect(thread.get_url())
        else:
            messages.error(request, _("Kies een map om het onderwerp naartoe te verplaatsen."))
    return HttpResponseRedirect(thread.get_url())


@login_required
def moderation_queue(request):
    if not access.filter_moderated_groups(request.user, _all_groups()).exists():
        raise Http404
    page_obj = Paginator(selectors.open_reports(request.user), 25).get_page(request.GET.get("pagina"))
    return TemplateResponse(request, "community/moderation_queue.html", {
        "page_obj": page_obj, "reports": page_obj.object_list,
        "crumbs": [{"title": _("Mijn netwerk"), "url": "/mijn-netwerk/"},
                   {"title": _("Meldingen")}],
    })


def _all_groups():
    from .models import GroupPage

    return GroupPage.objects.all()
