from django.urls import path

from proposals import review_views, views

urlpatterns = [
    path("rezepte/<slug:slug>/vorschlagen/", views.proposal_create_view, name="proposal_create"),
    path("kapitel/<slug:slug>/vorschlagen/", views.proposal_create_recipe_view,
         name="proposal_create_recipe"),
    path("vorschlaege/", review_views.proposal_queue, name="proposal_queue"),
    path("vorschlaege/sammelentscheidung/", review_views.proposal_bulk, name="proposal_bulk"),
    path("vorschlaege/meine/", views.my_proposals, name="proposal_mine"),
    path("vorschlaege/neues-rezept/", views.new_recipe_redirect, name="proposal_new_recipe"),
    path("vorschlaege/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("vorschlaege/<int:pk>/ueberarbeiten/", views.proposal_revise_view, name="proposal_revise"),
    path("vorschlaege/<int:pk>/zurueckziehen/", views.proposal_withdraw_view,
         name="proposal_withdraw"),
    path("vorschlaege/<int:pk>/pruefen/", review_views.proposal_review, name="proposal_review"),
    path("vorschlaege/<int:pk>/pruefen/bearbeiten/", review_views.proposal_review_edit,
         name="proposal_review_edit"),
]
