"""What comments holds about a person, for the data export (``accounts.privacy``; registered in
CommentsConfig.ready). Comments stay when an account is deleted, shown as "gelöschtes Konto"."""

from accounts.privacy import iso
from comments.models import Comment


def comments_written(user) -> list[dict]:
    return [
        {"datum": iso(comment.created_at), "text": comment.body, "status": comment.status,
         "zu": str(comment.recipe or comment.chapter)}
        for comment in Comment.objects.filter(author=user).select_related("recipe", "chapter")
    ]
