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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .forms import PostForm, ThreadForm
from .models import Folder, Post, Thread

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 30


def _require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _page_context(group, **extra):
    return {"page": group, "self": group, **extra}


def group_landing(request, group):
    can_view = access.can_view_group_content(request.user, group)
    if not access.can_view_group_listing(request.user, group):
        raise Http404
    context = _page_context(
        group,
        can_view=can_view,
        membership_role=access.roles(request.user).get(group.pk),
        can_join=access.can_join(request.user, group),
    )
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
    folder = _visible_folder(request, group, folder_slug)
    paginator = Paginator(selectors.threads_in_folder(request.user, folder), THREADS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    context = _page_context(
        group,
        folder=folder,
        folders=list(selectors.folders_of(group)),
        page_obj=page_obj,
        threads=page_obj.object_list,
        can_post=access.can_post(request.user, group) and not folder.is_archived,
        crumbs=[{"title": folder.title}],
    )
    return TemplateResponse(request, "community/folder_page.html", context)


def thread_create(request, group, folder_slug):
    if response := _require_login(request):
        return response
    folder = _visible_folder(request, group, folder_slug)
    if not access.can_post(request.user, group) or folder.is_archived:
        raise Http404
    if request.method == "POST":
        form = ThreadForm(request.POST)
        if form.is_valid():
            try:
                thread = services.create_thread(
                    author=request.user,
                    folder=folder,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                    topic=form.cleaned_data.get("topic"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw onderwerp is geplaatst."))
                return HttpResponseRedirect(thread.get_url())
    else:
        form = ThreadForm(initial={"client_token": services.new_client_token(),
                                   "topic": group.topic_id})
    return TemplateResponse(
        request,
        "community/thread_form.html",
        _page_context(
            group, folder=folder, form=form,
            crumbs=[{"title": folder.title, "url": folder.get_url()}, {"title": _("Nieuw onderwerp")}],
        ),
    )


def _visible_thread(request, group, thread_id):
    access.check_view(request.user, group)
    thread = get_object_or_404(Thread.objects.select_related("folder", "author"),
                               pk=thread_id, group=group)
    thread.group = thread.folder.group = group
    access.check_view(request.user, thread)
    return thread


def thread_detail(request, group, thread_id):
    if response := _require_login(request):
        return response
    thread = _visible_thread(request, group, thread_id)
    can_post = access.can_post(request.user, group) and (
        not thread.is_locked or access.can_moderate(request.user, group)
    )
    form = None
    if request.method == "POST":
        if not can_post:
            raise Http404
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                post = services.create_reply(
                    author=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw reactie is geplaatst."))
                return HttpResponseRedirect(_post_url(post))
    if form is None and can_post:
        form = PostForm(initial={"client_token": services.new_client_token()})
    paginator = Paginator(selectors.posts_in_thread(thread), POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    posts = list(page_obj.object_list)
    can_moderate = access.can_moderate(request.user, group)
    for post in posts:
        post.show_body = not (post.is_hidden or post.is_removed) or can_moderate
    context = _page_context(
        group, thread=thread, folder=thread.folder, page_obj=page_obj, posts=posts,
        form=form, can_post=can_post,
        crumbs=[{"title": thread.folder.title, "url": thread.folder.get_url()}, {"title": thread.title}],
    )
    return TemplateResponse(request, "community/thread_page.html", context)


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
    return _membership_change(request, group)


@login_required
def dashboard(request):
    context = {
        "memberships": list(selectors.my_memberships(request.user)),
        "recent_threads": list(selectors.recent_threads_for_user(request.user)),
        "crumbs": [{"title": _("Mijn netwerk")}],
    }
    return TemplateResponse(request, "community/dashboard.html", context)
