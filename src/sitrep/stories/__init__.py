"""Story clustering: which reports are about the same development.

``cluster_stories`` groups :class:`StoryDoc` objects online, in publication
order (similarity of words, names and dates, decayed by time; see
``cluster.py``); ``assign_story_ids`` gives the groups ids that survive
re-runs and added documents; ``describe_story`` names a story and dates it;
``build_stories`` does all three. No storage here: the caller maps its
documents to ``StoryDoc`` and stores the result.
"""

#: Stage version recorded with stored stories; bump when clustering output can change.
VERSION = "3"

from .cluster import StoryDoc, StoryParams, cluster_stories, publication_order
from .story import Story, assign_story_ids, build_stories, describe_story, founding_document, new_story_id

__all__ = [
    "VERSION",
    "Story",
    "StoryDoc",
    "StoryParams",
    "assign_story_ids",
    "build_stories",
    "cluster_stories",
    "describe_story",
    "founding_document",
    "new_story_id",
    "publication_order",
]
